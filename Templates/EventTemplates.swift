/// The mostly static text of the generated JavaScript: the module's skeleton, its runtime (a
/// plain `.mjs`), the declarations' skeleton, and the banner. Mustache templates (logic-less: variables and list
/// sections only), rendered by `_EventGeneratorCore` from view models whose strings are
/// already escaped.
public enum EventTemplates {
    /// The banner every generated JavaScript and TypeScript file starts with; a partial named `banner`.
    public static let banner = text(PackageResources.banner_mustache)
    /// `<name>.events.mjs`: the streams, the payload checks, and the runtime.
    public static let module = text(PackageResources.events_mjs_mustache)
    /// The runtime every generated module embeds verbatim (connections, the EventSource and
    /// fetch transports, the stream parser, the payload checks' helpers): plain JavaScript,
    /// which the node tests also import directly.
    public static let runtime = text(PackageResources.runtime_mjs)
    /// `<name>.events.d.ts`: the types of the module.
    public static let declarations = text(PackageResources.events_d_ts_mustache)

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
