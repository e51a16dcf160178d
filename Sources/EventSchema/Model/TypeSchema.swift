/// A payload type: the JSON Schema subset of the format.
public struct TypeSchema: Hashable, Sendable {
    /// What the type is.
    public indirect enum Kind: Hashable, Sendable {
        /// `type: string`.
        case string(StringType)
        /// `type: integer`.
        case integer(IntegerType)
        /// `type: number`.
        case number(NumberType)
        /// `type: boolean`.
        case boolean
        /// `type: array`.
        case array(ArrayType)
        /// `type: object` with `properties`.
        case object(ObjectType)
        /// `type: object` with only `additionalProperties`: a map from strings to values.
        case map(values: TypeSchema)
        /// `$ref: TypeName`.
        case reference(Located<String>)
        /// `oneOf` + `discriminator`: a tagged union of object types.
        case oneOf(OneOfType)
    }

    /// What the type is.
    public var kind: Kind
    /// Where the type was written (its mapping).
    public var location: SourceLocation
    /// `description:`.
    public var description: String?
    /// `deprecated:`.
    public var deprecation: Deprecation?
    /// `nullable: true`: JSON `null` is a value of this type.
    public var isNullable: Bool
    /// `const:`: the one value allowed.
    public var constant: Located<JSONValue>?
    /// `default:`: the value assumed when an optional property is absent.
    public var defaultValue: Located<JSONValue>?

    /// Creates a type.
    public init(
        _ kind: Kind,
        at location: SourceLocation,
        description: String? = nil,
        deprecation: Deprecation? = nil,
        isNullable: Bool = false,
        constant: Located<JSONValue>? = nil,
        defaultValue: Located<JSONValue>? = nil
    ) {
        self.kind = kind
        self.location = location
        self.description = description
        self.deprecation = deprecation
        self.isNullable = isNullable
        self.constant = constant
        self.defaultValue = defaultValue
    }
}

/// `type: string` and its keywords.
public struct StringType: Hashable, Sendable {
    /// `format:`.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// RFC 3339 date and time, e.g. `2026-11-25T08:00:00Z`, with or without fractional seconds.
        case dateTime = "date-time"
        /// RFC 3339 full date, e.g. `2026-11-25`.
        case date
        /// An RFC 9562 UUID.
        case uuid
        /// An absolute URI.
        case uri
        /// An email address.
        case email
        /// Base64 of bytes.
        case byte
    }

    /// `format:`.
    public var format: Format?
    /// `enum:`: the allowed values, in order.
    public var enumeration: [Located<String>]?
    /// `minLength:`, in Unicode scalars.
    public var minLength: Located<Int>?
    /// `maxLength:`, in Unicode scalars.
    public var maxLength: Located<Int>?
    /// `pattern:`, a regular expression.
    public var pattern: Located<String>?

    /// Creates a string type.
    public init(
        format: Format? = nil,
        enumeration: [Located<String>]? = nil,
        minLength: Located<Int>? = nil,
        maxLength: Located<Int>? = nil,
        pattern: Located<String>? = nil
    ) {
        self.format = format
        self.enumeration = enumeration
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
    }
}

/// `type: integer` and its keywords.
public struct IntegerType: Hashable, Sendable {
    /// `format:`.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// A 32-bit signed integer.
        case int32
        /// A 64-bit signed integer (the default).
        case int64
    }

    /// `format:`; `int64` when not given.
    public var format: Format
    /// `minimum:`.
    public var minimum: Located<Int64>?
    /// `maximum:`.
    public var maximum: Located<Int64>?

    /// Creates an integer type.
    public init(format: Format = .int64, minimum: Located<Int64>? = nil, maximum: Located<Int64>? = nil) {
        self.format = format
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// `type: number` and its keywords.
public struct NumberType: Hashable, Sendable {
    /// `format:`.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// A 32-bit IEEE 754 number.
        case float
        /// A 64-bit IEEE 754 number (the default).
        case double
    }

    /// `format:`; `double` when not given.
    public var format: Format
    /// `minimum:`.
    public var minimum: Located<Double>?
    /// `maximum:`.
    public var maximum: Located<Double>?

    /// Creates a number type.
    public init(format: Format = .double, minimum: Located<Double>? = nil, maximum: Located<Double>? = nil) {
        self.format = format
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// `type: array` and its keywords.
public struct ArrayType: Hashable, Sendable {
    /// `items:`.
    public var items: TypeSchema
    /// `minItems:`.
    public var minItems: Located<Int>?
    /// `maxItems:`.
    public var maxItems: Located<Int>?

    /// Creates an array type.
    public init(items: TypeSchema, minItems: Located<Int>? = nil, maxItems: Located<Int>? = nil) {
        self.items = items
        self.minItems = minItems
        self.maxItems = maxItems
    }
}

/// `type: object` with `properties`.
public struct ObjectType: Hashable, Sendable {
    /// One entry of `properties:`.
    public struct Property: Hashable, Sendable {
        /// The JSON member name, as written.
        public var name: Located<String>
        /// The property's type.
        public var schema: TypeSchema
        /// Whether `required:` lists it; a property not required is optional.
        public var isRequired: Bool

        /// Creates a property.
        public init(name: Located<String>, schema: TypeSchema, isRequired: Bool) {
            self.name = name
            self.schema = schema
            self.isRequired = isRequired
        }
    }

    /// The properties, in the order written.
    public var properties: [Property]

    /// Creates an object type.
    public init(properties: [Property]) {
        self.properties = properties
    }
}

/// `oneOf` + `discriminator`: exactly one of several object types, told apart by a string
/// property (OpenAPI's discriminator).
public struct OneOfType: Hashable, Sendable {
    /// One alternative: a named object type and the tag that selects it.
    public struct Member: Hashable, Sendable {
        /// The `$ref` naming the type.
        public var typeName: Located<String>
        /// The discriminator's value for it: from `mapping:`, or the type's name.
        public var tag: Located<String>

        /// Creates a member.
        public init(typeName: Located<String>, tag: Located<String>) {
            self.typeName = typeName
            self.tag = tag
        }
    }

    /// `discriminator.propertyName`.
    public var propertyName: Located<String>
    /// The alternatives, in the order of `oneOf`.
    public var members: [Member]

    /// Creates a tagged union.
    public init(propertyName: Located<String>, members: [Member]) {
        self.propertyName = propertyName
        self.members = members
    }
}
