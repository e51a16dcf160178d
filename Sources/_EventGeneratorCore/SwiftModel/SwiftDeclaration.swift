/// A typed model of the Swift that generated files hold: translation builds it, the renderer
/// prints it. Declarations are structured; statements inside bodies are lines and blocks.
struct SwiftFile {
    /// The file's name, e.g. `Chat.Events.swift`.
    var name: String
    /// Comment lines at the top (the banner), without `//`.
    var banner: [String]
    var imports: [SwiftImport]
    var declarations: [SwiftDeclaration]
}

/// `public import X` / `internal import X`, with its access level: public where public
/// declarations use the module, internal where only bodies do (either way a target with
/// `InternalImportsByDefault` builds the file without a warning).
struct SwiftImport: Hashable {
    var access: String
    var module: String
    /// The SPI the file uses (`@_spi(Generated)`): the runtime's helpers for generated code only.
    var spi: String?
}

/// Documentation and attributes common to declarations.
struct SwiftDocumentation: Hashable {
    /// Free text; rendered as `///` lines.
    var text: String?
    /// `@available(*, deprecated, message:)`, when set (an empty message renders none).
    var deprecation: String?

    static let none = SwiftDocumentation()

    init(text: String? = nil, deprecation: String? = nil) {
        self.text = text
        self.deprecation = deprecation
    }
}

indirect enum SwiftDeclaration: Hashable {
    case structure(SwiftTypeDeclaration)
    case enumeration(SwiftTypeDeclaration)
    case enumCase(SwiftEnumCase)
    case property(SwiftProperty)
    case function(SwiftFunction)
    case typeAlias(SwiftTypeAlias)
}

struct SwiftTypeDeclaration: Hashable {
    var documentation: SwiftDocumentation = .none
    var name: String
    var isIndirect = false
    var inheritance: [String] = []
    var members: [SwiftDeclaration] = []
}

struct SwiftEnumCase: Hashable {
    var documentation: SwiftDocumentation = .none
    /// Already escaped (backticks) where needed.
    var name: String
    var associatedType: String?
    /// A Swift literal, already escaped.
    var rawValue: String?
}

struct SwiftProperty: Hashable {
    enum Access: String, Hashable {
        case `public`
        case `private`
    }

    var documentation: SwiftDocumentation = .none
    var access: Access = .public
    var isStatic = false
    var isMutable = true
    /// Already escaped.
    var name: String
    var type: String?
    var initialValue: String?
    /// A computed property: its getter and setter bodies.
    var getter: [SwiftStatement]?
    var setter: [SwiftStatement]?
}

struct SwiftFunction: Hashable {
    enum Access: Hashable {
        case `public`
        /// `@_spi(Generated) public`: for other generated code (its types are the runtime's SPI).
        case generated
        case `private`
    }

    struct Parameter: Hashable {
        /// `nil` uses the name as label; `"_"` has none.
        var label: String?
        var name: String
        var type: String
        var defaultValue: String?
    }

    var documentation: SwiftDocumentation = .none
    var access: Access = .public
    var isStatic = false
    /// `init` for initializers.
    var name: String
    var genericParameters: String?
    var parameters: [Parameter] = []
    var isAsync = false
    /// `throws`, `throws(SomeError)`, or `nil`.
    var throwsClause: String?
    var returnType: String?
    /// `@discardableResult`: the result is there for callers that want it.
    var discardsResult = false
    var body: [SwiftStatement]
}

struct SwiftTypeAlias: Hashable {
    var documentation: SwiftDocumentation = .none
    var isPrivate = false
    var name: String
    var type: String
}

/// A statement of a body: a line, or a block whose lines are indented one level.
indirect enum SwiftStatement: Hashable {
    case line(String)
    /// `opener {` … `}`; `switch` blocks hold `caseClause`s.
    case block(String, [SwiftStatement])
    /// `opener { parameters in` … `closer`: a trailing closure (`closer` may close a call).
    case trailingClosure(String, parameters: String, [SwiftStatement], closer: String = "}")
    /// `case …:` at the level of its `switch`, its statements one level in.
    case caseClause(String, [SwiftStatement])
    /// `if condition {` … `} else {` … `}`.
    case ifElse(String, [SwiftStatement], else: [SwiftStatement])
}
