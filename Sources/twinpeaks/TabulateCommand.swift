// `twinpeaks tabulate`: the collect step of a configuration sweep, one row per configuration and
// split from each configuration's evaluation folder.
import ArgumentParser
import Foundation
import TwinPeaksModel
import TwinPeaksSplit

struct Tabulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabulate",
        abstract: "Tabulate the metrics of several evaluations (a configuration sweep): one TSV row per configuration and split.",
        discussion: """
        Each argument is NAME=FOLDER, an output folder of `twinpeaks evaluate`. Refuses, naming them, \
        while any evaluation is unfinished (no provenance.json). Columns: the model's pooled Pearson, \
        Spearman, RMSE and MAE (kcal/mol), per-complex Spearman and sign AUROC, and the Pearson of the \
        ridge, mean and per-substitution-mean baselines.
        """)

    // Every word no option matches lands here (as in audit), so validate() names an unknown option.
    @Argument(parsing: .allUnrecognized, help: "NAME=FOLDER of each configuration's evaluation, in table order.")
    var evaluations: [String] = []

    @Option(help: "Write the table here (temporary name, then rename) instead of stdout.")
    var output: String?

    func validate() throws {
        try UnrecognizedArguments.refuse(evaluations.filter { $0.hasPrefix("-") })
        guard !evaluations.isEmpty else { throw ValidationError("give at least one NAME=FOLDER") }
        for item in evaluations where !item.contains("=") { throw ValidationError("'\(item)': expected NAME=FOLDER") }
    }

    func run() throws {
        let configurations = evaluations.map { item in
            // Cannot be nil: validate() refused every item without "=".
            let equals = item.firstIndex(of: "=")!
            return (name: String(item[..<equals]), directory: String(item[item.index(after: equals)...]))
        }
        let text = try SweepTable.text(configurations)
        if let output { try OutputFile.write(text, to: output) } else { print(text, terminator: "") }
        FileHandle.standardError.write(Data("tabulated \(configurations.count) configurations\n".utf8))
    }
}
