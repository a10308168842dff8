// Reading a text file that may be gzip-compressed (zlib's gzread passes plain files through).
import CZlib
import Foundation
import TwinPeaksBio

enum CompressedText {
    static func read(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path), let file = gzopen(path, "rb") else {
            throw InputError(path, "cannot open the file")
        }
        defer { gzclose(file) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 { throw InputError(path, "the gzip stream is corrupt") }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<Int(count)])
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(path, "the file is not UTF-8 text") }
        return text
    }
}
