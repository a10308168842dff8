// The metrics JSON (`metrics.json`): {"model", "features", "evaluations": [{"split", "task", n, pearson,
// spearman, rmse, mae, per_complex_spearman, auroc, "baselines": {NAME: {same metrics}}, "stack": {same
// metrics}, when fitted}], "shipped": {TASK: network|trees|stack}, in a shipped model's copy}, keys sorted.

import Foundation
import TwinPeaksBio
import TwinPeaksSplit

/// Everything `twinpeaks evaluate` measured, in the one layout tools read. Undefined metrics are null.
public struct MetricsReport: Codable, Equatable, Sendable {
    public enum Task: String, Codable, Sendable {
        case dG, ddG
    }

    /// Split names as tools expect them.
    public static let familyDisjoint = "family-disjoint"
    public static let skempiCATHHoldout = "skempi-cath-holdout"
    public static let skempiRDE3Fold = "skempi-rde-3fold"

    /// The model's metrics on one split and task, beside the baselines fitted on the same training folds.
    public struct Evaluation: Codable, Equatable, Sendable {
        public var split: String
        public var task: Task
        public var metrics: MetricSet
        public var baselines: [String: MetricSet]
        /// The stack of network and trees, fitted inside each training fold (nil when not fitted).
        public var stack: MetricSet?
        /// The interface head's AUROC on the validation complexes with structures (per fold, the
        /// mean weighted by scored residues); nil without the head.
        public var interfaceAUROC: Double?
        /// The contact head's AUROC over the validation complexes' window pairs; nil without the head.
        public var contactAUROC: Double?

        public init(split: String, task: Task, metrics: MetricSet, baselines: [String: MetricSet], stack: MetricSet? = nil) {
            self.split = split
            self.task = task
            self.metrics = metrics
            self.baselines = baselines
            self.stack = stack
        }

        /// Computes the metrics of the model and of each baseline on the same rows. For ΔΔG,
        /// `complexIDs` feeds the per-complex Spearman.
        public init(split: String, task: Task, measuredKcalPerMol: [Double], predictedKcalPerMol: [Double],
                    complexIDs: [String], baselinePredictions: [String: [Double]], stackPredictions: [Double]? = nil) throws {
            func metricSet(_ predicted: [Double], _ who: String) throws -> MetricSet {
                guard predicted.count == measuredKcalPerMol.count else {
                    throw InputError("\(split) \(task.rawValue) \(who)", "\(predicted.count) predictions for \(measuredKcalPerMol.count) rows; expected one per row")
                }
                return task == .ddG
                    ? try MetricSet(measuredDDG: measuredKcalPerMol, predictedDDG: predicted, complexIDs: complexIDs)
                    : try MetricSet(measuredDG: measuredKcalPerMol, predictedDG: predicted)
            }
            self.init(split: split, task: task, metrics: try metricSet(predictedKcalPerMol, "model"),
                      baselines: try baselinePredictions.mapValues { try metricSet($0, "baseline") },
                      stack: try stackPredictions.map { try metricSet($0, "stack") })
        }

        enum CodingKeys: String, CodingKey {
            case split, task, baselines, stack
            case interfaceAUROC = "interface_auroc"
            case contactAUROC = "contact_auroc"
        }

        /// The model's metrics sit beside `split` and `task` in the same object.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(split, forKey: .split)
            try container.encode(task, forKey: .task)
            try container.encode(baselines, forKey: .baselines)
            try container.encodeIfPresent(stack, forKey: .stack)
            try container.encodeIfPresent(interfaceAUROC, forKey: .interfaceAUROC)
            try container.encodeIfPresent(contactAUROC, forKey: .contactAUROC)
            try metrics.encode(to: encoder)
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            split = try container.decode(String.self, forKey: .split)
            task = try container.decode(Task.self, forKey: .task)
            baselines = try container.decode([String: MetricSet].self, forKey: .baselines)
            stack = try container.decodeIfPresent(MetricSet.self, forKey: .stack)
            interfaceAUROC = try container.decodeIfPresent(Double.self, forKey: .interfaceAUROC)
            contactAUROC = try container.decodeIfPresent(Double.self, forKey: .contactAUROC)
            metrics = try MetricSet(from: decoder)
        }
    }

    /// The model's name (e.g. a checkpoint's name or a configuration label).
    public var model: String
    /// The input features the model read (e.g. `descriptors` or an embedding name).
    public var features: String
    public var evaluations: [Evaluation]
    /// In a model folder's copy: which predictor `predict` uses per task ("ddG"/"dG" → "network",
    /// "trees" or "stack"), chosen on these evaluations by `twinpeaks select`.
    public var shipped: [String: String]?

    public init(model: String, features: String, evaluations: [Evaluation], shipped: [String: String]? = nil) {
        self.model = model
        self.features = features
        self.evaluations = evaluations
        self.shipped = shipped
    }

    /// Pretty-printed JSON with sorted keys: the same report always gives the same bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public init(jsonData: Data, source: String = "metrics JSON") throws {
        do {
            self = try JSONDecoder().decode(MetricsReport.self, from: jsonData)
        } catch {
            throw InputError(source, "not a metrics report (\(error)); expected {\"model\", \"features\", \"evaluations\": [...]}")
        }
    }

    /// Writes the JSON under a temporary name and renames it into place.
    public func write(to url: URL) throws {
        try OutputFile.write(try jsonData(), to: url.path)
    }
}
