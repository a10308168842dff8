// A text file read whole into memory, plain or gzip-compressed (zlib detects which), and split
// into numbered lines as byte slices, so parsers can name `file:line` in their errors.
import CZlib
import Foundation

public struct TextFile: Sendable {
    /// The name used in error messages: the last path component (`1A22.pdb.gz`).
    public let name: String
    /// The decompressed content.
    public let bytes: [UInt8]

    /// Reads `path`, decompressing it when it is gzip data (zlib reads plain files unchanged).
    public init(path: String) throws {
        self.name = TextFile.lastPathComponent(path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw InputError(path, "is a folder; expected a text file")
        }
        guard let file = gzopen(path, "rb") else {
            throw InputError(path, "cannot open the file (missing or unreadable)")
        }
        defer { gzclose(file) }
        var content: [UInt8] = []
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let got = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunk)) }
            if got < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
                throw InputError(path, "cannot read the file: \(message)")
            }
            if got == 0 { break }
            buffer.withUnsafeBufferPointer { content.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<Int(got)])) }
        }
        // gzread stops silently at a truncated gzip stream; gzerror reports it.
        var code: Int32 = 0
        if let message = gzerror(file, &code), code != Z_OK {
            throw InputError(path, "cannot read the file: \(String(cString: message))")
        }
        // zlib passes non-gzip data through unchanged: plain text under a .gz name is read as text
        // (fixtures and users do that), but binary garbage would reach the parsers as "lines".
        if path.hasSuffix(".gz"), gzdirect(file) != 0, String(validating: content, as: UTF8.self) == nil {
            throw InputError(path, "the name ends in .gz but the content is neither gzip data nor text; expected a gzip-compressed file")
        }
        self.bytes = Self.normalised(content)
    }

    /// Wraps text already in memory (tests, stdin); `name` is what errors will show.
    public init(name: String, text: String) {
        self.name = name
        self.bytes = Self.normalised(Array(text.utf8))
    }

    /// Without a leading UTF-8 byte-order mark (editors on Windows write one), and with classic Mac
    /// line ends (CR only, no LF anywhere) turned into LF, so every parser sees one line per record.
    static func normalised(_ content: [UInt8]) -> [UInt8] {
        var bytes = content
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if !bytes.contains(10), bytes.contains(13) { bytes = bytes.map { $0 == 13 ? 10 : $0 } }
        return bytes
    }

    /// A whole file as UTF-8 text; an unreadable file or invalid UTF-8 is an error naming the file,
    /// and what the file should be (`expected`).
    public static func utf8Text(path: String, expected: String) throws -> String {
        let file = try TextFile(path: path)
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            throw InputError(path, "not UTF-8 text (binary or another encoding); expected \(expected)")
        }
        return text
    }

    /// Calls `body` with each line's 1-based number and its bytes (without `\n` or a trailing `\r`),
    /// indexed from 0 and valid only during the call. A final line without `\n` is included.
    public func forEachLine(_ body: (_ number: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            let count = all.count
            var start = 0
            var number = 0
            while start < count {
                let found = memchr(base + start, 10, count - start)
                let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
                number += 1
                var lineEnd = end
                if lineEnd > start && base[lineEnd - 1] == 13 { lineEnd -= 1 }
                try body(number, UnsafeBufferPointer(start: base + start, count: lineEnd - start))
                start = end + 1
            }
        }
    }

    /// All lines as strings (for small files), numbered from 1 by their index + 1.
    public var lines: [String] {
        var result: [String] = []
        forEachLine { _, line in result.append(String(decoding: line, as: UTF8.self)) }
        return result
    }

    /// The place string for an error on line `number`: `name:number`.
    public func place(_ number: Int) -> String { "\(name):\(number)" }

    static func lastPathComponent(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}

extension TextFile {
    /// `path` itself when that file exists, else `path.gz` (inputs may be stored compressed).
    public static func existingPath(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? path : path + ".gz"
    }
}
