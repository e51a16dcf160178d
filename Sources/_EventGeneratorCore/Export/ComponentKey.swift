import EventSchema

/// The keys of OpenAPI and AsyncAPI components, and of AsyncAPI channels and operations:
/// `^[A-Za-z0-9._-]+$`. One home for that alphabet.
enum ComponentKey {
    static func allows(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "._-".unicodeScalars.contains(scalar))
    }

    /// `name` when it is a key as it is; else its TypeScript name, which validation keeps unique.
    static func key(for name: String) -> String {
        !name.isEmpty && name.unicodeScalars.allSatisfy(allows) ? name : JavaScriptNaming.typeName(name)
    }

    /// `text` with each character a key does not allow as `_`.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { allows($0) ? $0 : "_" }))
    }
}
