// A scratch folder for the command-line tests' made-up inputs and outputs, removed when the test ends.
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
