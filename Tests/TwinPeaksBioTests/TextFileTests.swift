// Reading plain and gzip files line by line, with line numbers and CRLF handling.
import Foundation
import Testing
@testable import TwinPeaksBio

@Test func readsPlainAndGzipFilesToTheSameLines() throws {
    let directory = try TemporaryDirectory()
    let plain = directory.path + "/lines.txt"
    try "first\r\nsecond\n\nfourth".write(toFile: plain, atomically: true, encoding: .utf8)
    let zipped = try directory.gzip(plain)
    for path in [plain, zipped] {
        let file = try TextFile(path: path)
        var seen: [(Int, String)] = []
        file.forEachLine { number, line in seen.append((number, String(decoding: line, as: UTF8.self))) }
        #expect(seen.map(\.0) == [1, 2, 3, 4])
        #expect(seen.map(\.1) == ["first", "second", "", "fourth"])
    }
    #expect(try TextFile(path: zipped).name == "lines.txt.gz")
}

@Test func aMissingOrTruncatedFileIsAnErrorNamingIt() throws {
    #expect { try TextFile(path: "/nonexistent/reference.csv") } throws: { error in
        (error as? InputError)?.description.contains("/nonexistent/reference.csv") == true
    }
    let directory = try TemporaryDirectory()
    let plain = directory.path + "/big.txt"
    try String(repeating: "ATOM line of some length to compress\n", count: 5000).write(toFile: plain, atomically: true, encoding: .utf8)
    let zipped = try directory.gzip(plain)
    let data = try Data(contentsOf: URL(fileURLWithPath: zipped))
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: zipped))
    #expect { try TextFile(path: zipped) } throws: { error in
        (error as? InputError)?.description.contains("big.txt.gz") == true
    }
}
