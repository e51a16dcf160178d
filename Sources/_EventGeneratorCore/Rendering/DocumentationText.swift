/// Documentation text from a schema as lines for a comment, in any language: split at every
/// line break, control characters dropped, trailing spaces trimmed, no empty lines at either end.
enum DocumentationText {
    static func lines(_ text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.map {
            line in
            var cleaned =
                line.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F })
                ? String(line)
                : String(String.UnicodeScalarView(line.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
            while cleaned.last == " " { cleaned.removeLast() }
            return cleaned
        }
        while lines.last == "" { lines.removeLast() }
        while lines.first == "" { lines.removeFirst() }
        return lines
    }
}
