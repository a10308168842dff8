// One fold's out-of-fold predictions, as a SLURM array task of `evaluate --fold` writes them
// (OUTPUT/folds/SPLIT/FOLD.tsv) and `evaluate --collect` reads them back: the rows at full
// precision, so the collected metrics equal a one-process run's, and the key of the run that made
// them, so folds of different configurations are never pooled.

import Foundation
import TwinPeaksBio

public struct FoldPrediction: Sendable {
    public var split: String
    public var task: MetricsReport.Task
    public var fold: String
    public var rows: [SplitEvaluator.PredictedRow]
    /// Best epoch of each ensemble member.
    public var epochs: [Int]
    /// The stack fitted on the fold's training part (evaluate --stack-folds), nil without one.
    public var stack: LinearStack?
    /// Seconds the fold took to train; printed, never written to the file (a rerun of the fold must
    /// write the same bytes), so 0 for a fold read back.
    public var trainingSeconds: Double
    /// The interface head's AUROC on the fold's validation complexes with structures, and the
    /// residues it was scored on (nil without the head or labels).
    public var interfaceAUROC: (value: Double, residues: Int)? = nil
    /// The contact head's AUROC on the same complexes, and the window pairs it was scored on.
    public var contactAUROC: (value: Double, residues: Int)? = nil

    public init(split: String, task: MetricsReport.Task, fold: String, rows: [SplitEvaluator.PredictedRow],
                epochs: [Int], stack: LinearStack? = nil, trainingSeconds: Double) {
        self.split = split
        self.task = task
        self.fold = fold
        self.rows = rows
        self.epochs = epochs
        self.stack = stack
        self.trainingSeconds = trainingSeconds
    }

    static let columns = ["id", "complex_id", "fold", "measured_kcal_per_mol", "predicted_kcal_per_mol", "ensemble_spread"]
    /// The optional last column: the structure-reading trees' prediction (`treesReadStructure`).
    static let structureTreesColumn = "structure_trees_kcal_per_mol"

    /// Where the fold's file goes under an evaluation folder.
    public static func path(directory: String, split: String, fold: String) throws -> String {
        for name in [split, fold] where name.isEmpty || name.contains("/") || name.hasPrefix(".") {
            throw InputError("split \(split), fold \(fold)", "'\(name)' cannot name a file; expected no '/' and no leading '.'")
        }
        return "\(directory)/folds/\(split)/\(fold).tsv"
    }

    /// The file's text. Doubles are written in Swift's shortest round-trip form, so reading them
    /// back gives the same bits.
    public func text(runKey: String) -> String {
        var text = "# twinpeaks evaluate fold\tsplit=\(split)\ttask=\(task.rawValue)\tfold=\(fold)\n"
        text += "# run_key\t\(runKey)\n"
        text += "# epochs\t\(epochs.map(String.init).joined(separator: ","))\n"
        // The blend's numbers in Swift's round-trip form too: intercept, network weight, trees weight, rows.
        text += "# stack\t" + (stack.map { "\($0.intercept),\($0.networkWeight),\($0.treesWeight),\($0.rows)" } ?? "none") + "\n"
        if let interfaceAUROC { text += "# interface_auroc\t\(interfaceAUROC.value),\(interfaceAUROC.residues)\n" }
        if let contactAUROC { text += "# contact_auroc\t\(contactAUROC.value),\(contactAUROC.residues)\n" }
        let structureTrees = !rows.isEmpty && rows.allSatisfy { $0.structureTrees != nil }
        text += (Self.columns + (structureTrees ? [Self.structureTreesColumn] : [])).joined(separator: "\t") + "\n"
        let body = rows.map { row in
            "\(row.id)\t\(row.complexID)\t\(row.fold)\t\(row.measured)\t\(row.predicted)\t\(row.spread)"
                + (structureTrees ? "\t\(row.structureTrees!)" : "") + "\n"
        }.joined()
        // Last: the checksum of the rows, so an edited, cut or padded file is refused by --collect.
        return text + body + "# rows_md5\t\(MD5.hex(body))\n"
    }

    /// Reads a fold file, checking that it is this split's and fold's and was made with `runKey`.
    public init(reading path: String, split: String, task: MetricsReport.Task, fold: String, runKey: String) throws {
        let lines = try TextFile.utf8Text(path: path, expected: "a fold file of `twinpeaks evaluate --fold`")
            .split(separator: "\n").map(String.init)
        func field(_ line: Int, _ name: String) throws -> String {
            let parts = line < lines.count ? lines[line].split(separator: "\t", omittingEmptySubsequences: false) : []
            guard parts.count == 2, parts[0] == "# " + name else {
                throw InputError("\(path):\(line + 1)", "expected '# \(name)<TAB>value' (a fold file of `twinpeaks evaluate --fold`)")
            }
            return String(parts[1])
        }
        let identity = "# twinpeaks evaluate fold\tsplit=\(split)\ttask=\(task.rawValue)\tfold=\(fold)"
        guard lines.first == identity else {
            throw InputError("\(path):1", "expected '\(identity)', found '\(lines.first ?? "")'")
        }
        guard try field(1, "run_key") == runKey else {
            throw InputError(path, "made by another run (configuration, seed, ensemble, features, dataset or folds differ); "
                             + "rerun this fold with the same options as the collect step")
        }
        let epochText = try field(2, "epochs")
        let epochs = try epochText.split(separator: ",").map { text -> Int in
            guard let value = Int(text) else { throw InputError("\(path):3", "epoch '\(text)' is not an integer") }
            return value
        }
        let stackText = try field(3, "stack")
        var stack: LinearStack?
        if stackText != "none" {
            let parts = stackText.split(separator: ",").map(String.init)
            guard parts.count == 4, let a = Double(parts[0]), let w1 = Double(parts[1]), let w2 = Double(parts[2]), let n = Int(parts[3]) else {
                throw InputError("\(path):4", "stack '\(stackText)'; expected none or intercept,network weight,trees weight,rows")
            }
            stack = LinearStack(intercept: a, networkWeight: w1, treesWeight: w2, rows: n)
        }
        // Optional AUROC lines (folds trained with the interface or contact head), then the header.
        var headerLine = 4
        func auroc(_ name: String) throws -> (value: Double, residues: Int)? {
            guard lines.count > headerLine, lines[headerLine].hasPrefix("# \(name)\t") else { return nil }
            let parts = try field(headerLine, name).split(separator: ",").map(String.init)
            guard parts.count == 2, let value = Double(parts[0]), value >= 0, value <= 1, let count = Int(parts[1]), count > 0 else {
                throw InputError("\(path):\(headerLine + 1)", "\(name): expected AUROC in [0, 1],count")
            }
            headerLine += 1
            return (value, count)
        }
        let interface = try auroc("interface_auroc")
        let contact = try auroc("contact_auroc")
        let header = Self.columns.joined(separator: "\t")
        guard lines.count > headerLine, lines[headerLine] == header || lines[headerLine] == header + "\t" + Self.structureTreesColumn else {
            throw InputError("\(path):\(headerLine + 1)", "expected the header '\(Self.columns.joined(separator: "\\t"))', "
                             + "optionally followed by '\\t\(Self.structureTreesColumn)'")
        }
        let width = lines[headerLine] == header ? 6 : 7
        guard lines.count > headerLine + 1, lines[lines.count - 1].hasPrefix("# rows_md5\t") else {
            throw InputError(path, "the last line is not '# rows_md5<TAB>checksum': an unfinished or cut fold file; rerun this fold")
        }
        let rowLines = lines[(headerLine + 1)..<(lines.count - 1)]
        guard try field(lines.count - 1, "rows_md5") == MD5.hex(rowLines.map { $0 + "\n" }.joined()) else {
            throw InputError(path, "the rows do not match the file's checksum (rows_md5): the file was edited or damaged; rerun this fold")
        }
        var rows: [SplitEvaluator.PredictedRow] = []
        var ids = Set<String>()
        for (index, line) in zip(rowLines.indices, rowLines) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == width, let measured = Double(f[3]), let predicted = Double(f[4]), let spread = Double(f[5]),
                  width == 6 || Double(f[6])?.isFinite == true else {
                throw InputError("\(path):\(index + 1)", "expected \(width) tab-separated fields with numbers in the last \(width - 3)")
            }
            guard measured.isFinite, predicted.isFinite, spread.isFinite, spread >= 0 else {
                throw InputError("\(path):\(index + 1)", "row \(f[0]): measured \(measured), predicted \(predicted), spread \(spread); "
                                 + "expected finite values and a spread ≥ 0")
            }
            guard ids.insert(f[0]).inserted else {
                throw InputError("\(path):\(index + 1)", "row \(f[0]) appears twice; each record is predicted once per fold")
            }
            var row = SplitEvaluator.PredictedRow(id: f[0], complexID: f[1], fold: f[2], measured: measured,
                                                  predicted: predicted, spread: spread)
            if width == 7 { row.structureTrees = Double(f[6]) }
            rows.append(row)
        }
        self.init(split: split, task: task, fold: fold, rows: rows, epochs: epochs, stack: stack, trainingSeconds: 0)
        interfaceAUROC = interface
        contactAUROC = contact
    }
}
