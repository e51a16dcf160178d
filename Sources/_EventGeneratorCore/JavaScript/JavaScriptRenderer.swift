import EventTemplates
import Mustache

/// Renders the JavaScript view models with the templates of `EventTemplates`.
enum JavaScriptRenderer {
    private static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        do {
            try library.register(EventTemplates.banner, named: "banner")
            try library.register(EventTemplates.module, named: "module")
            try library.register(EventTemplates.declarations, named: "declarations")
        } catch {
            // The templates are part of this package: a test renders them all.
            preconditionFailure("a template in Templates/ does not parse: \(error)")
        }
        return library
    }()

    static func module(_ view: JavaScriptModuleView) -> String {
        render(view, template: "module")
    }

    static func declarations(_ view: JavaScriptModuleView) -> String {
        render(view, template: "declarations")
    }

    private static func render(_ view: JavaScriptModuleView, template: String) -> String {
        guard let text = library.render(view, withTemplate: template) else {
            preconditionFailure("no template named \(template)")
        }
        return text
    }
}
