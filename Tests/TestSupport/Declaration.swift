/// Whole declarations out of generated text, for snippet tests that compare one exactly.
public enum Declaration {
    /// The declaration whose header line is `header` (after its indentation): the `///` and `@`
    /// lines just above it, the header, and, when the header opens a block (`{`, `[` or `(` at
    /// its end), everything through the line at the header's indentation that closes it; without
    /// the header's indentation. `nil` when no line is `header`.
    public static func named(_ header: String, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        guard let start = lines.firstIndex(where: { $0.drop { $0 == " " } == header[...] }) else { return nil }
        let indent = indentation(lines[start])
        var first = start
        while first > 0, indentation(lines[first - 1]) == indent,
            lines[first - 1].dropFirst(indent).hasPrefix("///") || lines[first - 1].dropFirst(indent).hasPrefix("@")
        {
            first -= 1
        }
        var last = start
        let closers: [Character: Character] = ["{": "}", "[": "]", "(": ")"]
        if let opener = lines[start].last, let closer = closers[opener] {
            guard
                let close = lines[(start + 1)...].firstIndex(where: {
                    indentation($0) == indent && $0.dropFirst(indent).first == closer
                })
            else { return nil }
            last = close
        }
        return lines[first...last].map { String($0.dropFirst(min(indent, indentation($0)))) }.joined(separator: "\n")
    }
}
