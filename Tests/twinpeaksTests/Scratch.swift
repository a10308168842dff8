// A scratch folder for the command-line tests' made-up inputs and outputs, removed when the test ends,
// the tiny reference folder that `prepare` reads in them, and the package's Reference/ folder.
import Foundation

final class Scratch {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tp-cli-\(UUID().uuidString)").path
    init() throws { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: root) }
    func path(_ name: String) -> String { "\(root)/\(name)" }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
}

/// Tests/TwinPeaksBioTests/Fixtures/TinyReference (a few SKEMPI rows and structures), found from this file's path.
let tinyReference: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()
    url.deleteLastPathComponent()
    return url.appendingPathComponent("TwinPeaksBioTests/Fixtures/TinyReference").path
}()

/// This package's Reference/ folder (the shipped SKEMPI, PDBbind and model files), found from this file's path.
let packageReference: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Reference").path
