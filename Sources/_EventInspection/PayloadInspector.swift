public import EventSchema
@_spi(Generated) import ServerSentEvents

/// Checks an event's JSON data against a payload type of the schema, without generated code:
/// it walks the type as generated decoders do, on the same reader (`JSONReader`), with the same
/// format readers and the same checks (`PayloadCheck`), so it accepts and refuses what they do,
/// with the same messages and paths.
///
/// It interprets the rules that `TypeTranslator+JSON.swift` compiles into generated decoders;
/// the differential tests hold the two to the same verdicts, message for message.
public struct PayloadInspector: Sendable {
    /// The schema whose types `$ref` names.
    public let schema: Schema

    /// An inspector of `schema`'s payload types.
    public init(schema: Schema) {
        self.schema = schema
    }

    /// `nil` when `data` is a valid payload of `type`; else why not, with the path
    /// (`at author.id: …`), as the generated decoder says it.
    public func problem(in data: String, as type: TypeSchema) -> String? {
        var data = data
        return data.withUTF8 { problem(in: UnsafeRawBufferPointer($0), as: type) }
    }

    /// The same for raw bytes, which may not be UTF-8.
    public func problem(in bytes: UnsafeRawBufferPointer, as type: TypeSchema) -> String? {
        do throws(JSONPayloadError) {
            try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONPayloadError) in
                try read(type, from: &reader)
            }
            return nil
        } catch {
            return EventPayloadJSON.describe(error, in: bytes)
        }
    }

    private func read(_ type: TypeSchema, from reader: inout JSONReader) throws(JSONPayloadError) {
        if type.isNullable, try reader.readNull() { return }
        switch type.kind {
        case .string(let string):
            try read(string, constant: type.constant?.value, from: &reader)
        case .integer(let integer):
            let value: Int64 =
                switch integer.format {
                case .int32: Int64(try reader.readInt32())
                case .int64: try reader.readInt64()
                }
            try reader.check(
                PayloadCheck.range(value, minimum: integer.minimum?.value, maximum: integer.maximum?.value))
            if case .integer(let expected)? = type.constant?.value {
                try reader.check(PayloadCheck.constant(value, expected))
            }
        case .number(let number):
            let value: Double =
                switch number.format {
                case .float: Double(try reader.readFloat())
                case .double: try reader.readDouble()
                }
            try reader.check(PayloadCheck.range(value, minimum: number.minimum?.value, maximum: number.maximum?.value))
            if let expected = type.constant?.value {
                switch expected {
                case .number(let expected): try reader.check(PayloadCheck.constant(value, expected))
                case .integer(let expected): try reader.check(PayloadCheck.constant(value, Double(expected)))
                default: break
                }
            }
        case .boolean:
            let value = try reader.readBool()
            if case .boolean(let expected)? = type.constant?.value {
                try reader.check(PayloadCheck.constant(value, expected))
            }
        case .array(let array):
            let start = try reader.beginArray()
            var count = 0
            while try reader.nextElement() {
                try read(array.items, from: &reader)
                count += 1
            }
            try reader.check(
                PayloadCheck.count(count, minimum: array.minItems?.value, maximum: array.maxItems?.value), at: start)
        case .map(let values):
            try reader.beginObject()
            while try reader.nextMember() != nil { try read(values, from: &reader) }
        case .object(let object):
            let start = try reader.beginObject()
            var present = Set<String>()
            while let key = try reader.nextMember() {
                let name = key.string
                guard let property = object.properties.first(where: { $0.name.value == name }) else {
                    try reader.skipValue()
                    continue
                }
                // An optional property's null reads as absent; a required one's only when nullable.
                if !property.isRequired, try reader.readNull() { continue }
                try read(property.schema, from: &reader)
                present.insert(name)
            }
            for property in object.properties where property.isRequired && !present.contains(property.name.value) {
                throw reader.missing(property.name.value, objectAt: start)
            }
        case .reference(let name):
            guard var named = schema.type(named: name.value)?.schema else { return }
            named.isNullable = false
            try read(named, from: &reader)
        case .oneOf(let union):
            let (tag, tagStart) = try discriminator(union.propertyName.value, from: reader)
            guard let member = union.members.first(where: { $0.tag.value == tag }),
                let named = schema.type(named: member.typeName.value)
            else {
                throw JSONPayloadError(
                    offset: tagStart,
                    message: "'\(tag)' is not one of "
                        + union.members.map { "'\($0.tag.value)'" }.joined(separator: ", "),
                    isMalformed: false)
            }
            try read(named.schema, from: &reader)
        }
    }

    private func read(
        _ string: StringType, constant: JSONValue?, from reader: inout JSONReader
    ) throws(JSONPayloadError) {
        switch string.format {
        case .dateTime?: _ = try reader.readDate()
        case .date?: _ = try reader.readCalendarDate()
        case .uuid?: _ = try reader.readUUID()
        case .uri?: _ = try reader.readURL()
        case .byte?: _ = try reader.readData()
        case .email?, nil:
            let value = try reader.readString()
            if let values = string.enumeration, !values.contains(where: { $0.value == value }) {
                throw reader.invalid(
                    "'\(value)' is not one of " + values.map { "'\($0.value)'" }.joined(separator: ", "))
            }
            try reader.check(
                PayloadCheck.length(value, minimum: string.minLength?.value, maximum: string.maxLength?.value))
            if case .string(let expected)? = constant { try reader.check(PayloadCheck.constant(value, expected)) }
        }
    }

    /// The union's tag and where it is, read ahead without moving `reader`: it may come after
    /// the members it decides.
    private func discriminator(_ name: String, from reader: JSONReader) throws(JSONPayloadError) -> (String, Int) {
        var probe = reader
        let object = try probe.beginObject()
        var tag: (String, Int)?
        while let key = try probe.nextMember() {
            if key.string == name {
                tag = (try probe.readString(), probe.valueStart)
            } else {
                try probe.skipValue()
            }
        }
        guard let tag else { throw probe.missing(name, objectAt: object) }
        return tag
    }
}
