/// The lines that differ between two texts, as `diff -u` prints them (three lines of context),
/// so that a drifted golden says what changed instead of dumping two whole files.
public struct UnifiedDiff: CustomStringConvertible {
    let old: [Substring]
    let new: [Substring]
    let oldName: String
    let newName: String

    /// The difference from `old` to `new`, with the names its header gives them.
    public init(old: String, new: String, oldName: String, newName: String) {
        self.old = old.split(separator: "\n", omittingEmptySubsequences: false)
        self.new = new.split(separator: "\n", omittingEmptySubsequences: false)
        self.oldName = oldName
        self.newName = newName
    }

    private enum Edit: Equatable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    /// A shortest edit script through the longest common subsequence (the files are small).
    private var edits: [Edit] {
        let rows = old.count
        let columns = new.count
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var (i, j) = (0, 0)
        while i < rows || j < columns {
            if i < rows, j < columns, old[i] == new[j] {
                edits.append(.same(i, j))
                (i, j) = (i + 1, j + 1)
            } else if i < rows, j == columns || lengths[i + 1][j] >= lengths[i][j + 1] {
                edits.append(.removed(i))  // removals first, as diff -u prints them
                i += 1
            } else {
                edits.append(.added(j))
                j += 1
            }
        }
        return edits
    }

    /// The hunks, `diff -u` style, or `(no difference)`.
    public var description: String {
        let edits = edits
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        guard !changed.isEmpty else { return "(no difference)" }
        // Hunks: changes with three lines of context, merged when their contexts touch.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - 3)...min(edits.count - 1, index + 3)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        var lines = ["--- \(oldName)", "+++ \(newName)"]
        for hunk in hunks {
            let slice = edits[hunk]
            let oldStart =
                slice.lazy.compactMap { edit -> Int? in
                    switch edit {
                    case .same(let i, _), .removed(let i): i
                    case .added: nil
                    }
                }.first.map { $0 + 1 } ?? 0
            let newStart =
                slice.lazy.compactMap { edit -> Int? in
                    switch edit {
                    case .same(_, let j), .added(let j): j
                    case .removed: nil
                    }
                }.first.map { $0 + 1 } ?? 0
            let oldCount = slice.filter { if case .added = $0 { false } else { true } }.count
            let newCount = slice.filter { if case .removed = $0 { false } else { true } }.count
            lines.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for edit in slice {
                switch edit {
                case .same(let i, _): lines.append(" " + old[i])
                case .removed(let i): lines.append("-" + old[i])
                case .added(let j): lines.append("+" + new[j])
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
