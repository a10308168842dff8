// End-to-end tests of the built `twinpeaks` binary: stdout, stderr and exit status.
import Foundation
import Testing

/// Runs the built binary (next to the test bundle in .build) and captures its output.
func runTwinPeaks(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws
    -> (status: Int32, stdout: String, stderr: String) {
    let binary = productsDirectory.appendingPathComponent("twinpeaks")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The folder holding the built products (the test bundle sits in it on Linux).
var productsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().standardized
}

@Test func versionFlagPrintsTheVersion() throws {
    let result = try runTwinPeaks(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
}

@Test func helpNamesTheUnitsAndTheSignConvention() throws {
    let result = try runTwinPeaks(["--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("kcal/mol"))
    // Help text is re-wrapped to the terminal width, so compare with whitespace collapsed.
    let words = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("positive = weaker binding"))
}
