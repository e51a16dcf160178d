#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The folder generated files go to: compare (for `--check`) and write atomically.
public struct OutputDirectory: Sendable {
    /// The folder, as given.
    public var path: String

    /// A folder at `path`; it is created when files are written.
    public init(path: String) {
        self.path = path
    }

    /// The path of a file in the folder.
    public func path(of file: GeneratedFile) -> String {
        path.hasSuffix("/") ? path + file.name : path + "/" + file.name
    }

    /// The files whose bytes on disk differ from `files` (or that are missing).
    public func staleFiles(_ files: [GeneratedFile]) -> [GeneratedFile] {
        files.filter { file in
            guard let data = FileManager.default.contents(atPath: path(of: file)) else { return true }
            return data != Data(file.contents.utf8)
        }
    }

    /// Writes each file that differs from what is on disk, each atomically (a temporary file,
    /// then a rename), so a reader never sees half a file. Unchanged files keep their dates,
    /// so build systems do not recompile them.
    ///
    /// - Returns: The files written.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws -> [GeneratedFile] {
        let stale = staleFiles(files)
        guard !stale.isEmpty else { return [] }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for file in stale {
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path(of: file)), options: .atomic)
        }
        return stale
    }
}
