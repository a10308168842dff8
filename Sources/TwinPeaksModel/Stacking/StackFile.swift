// The trees and the stack of a model folder, beside the network members: trees-TASK.json (XGBoost's
// own JSON model) and stack.json (the blend per task, how it was fitted, and its out-of-fold scores).

import Foundation
import TwinPeaksSplit

public struct StackFile: Codable, Equatable, Sendable {
    /// Task ("ddG"/"dG") → the fitted blend.
    public var stacks: [String: LinearStack]
    /// Inner folds the out-of-fold predictions came from.
    public var folds: Int
    public var seed: UInt64
    /// Task → predictor ("network", "trees", "stack") → pooled Pearson on the out-of-fold rows.
    public var outOfFoldPearson: [String: [String: Double]]

    public init(stacks: [String: LinearStack], folds: Int, seed: UInt64, outOfFoldPearson: [String: [String: Double]]) {
        self.stacks = stacks
        self.folds = folds
        self.seed = seed
        self.outOfFoldPearson = outOfFoldPearson
    }

    public static func path(in directory: String) -> String { directory + "/stack.json" }
    public static func treesPath(in directory: String, task: MetricsReport.Task) -> String {
        "\(directory)/trees-\(task.rawValue).json"
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try OutputFile.write(try encoder.encode(self), to: path)
    }

    public static func load(_ path: String) throws -> StackFile {
        let file: StackFile
        do {
            file = try JSONDecoder().decode(StackFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ModelError.checkpoint("\(path): not a stack file (\(error)); expected the stack.json `twinpeaks train --stack-folds` writes")
        }
        for (task, stack) in file.stacks.sorted(by: { $0.key < $1.key }) {
            if let problem = stack.problem {
                throw ModelError.checkpoint("\(path): \(task) stack \(problem)")
            }
        }
        return file
    }
}
