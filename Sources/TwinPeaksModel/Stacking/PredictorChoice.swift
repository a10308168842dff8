// Which predictor answers a task in a model folder: the network's members, the gradient-boosted
// trees, or the stack of both. `twinpeaks select` picks per task from evaluation metrics and
// records the choice in the folder's metrics.json ("shipped"); `predict` follows it.

import Foundation

public enum PredictorChoice: String, Codable, Sendable, CaseIterable {
    case network, trees, stack

    /// The metrics of this predictor in one evaluation, nil when it was not measured there.
    func metrics(in evaluation: MetricsReport.Evaluation) -> MetricSet? {
        switch self {
        case .network: return evaluation.metrics
        case .trees: return evaluation.baselines[BaselinePredictions.gbm]
        case .stack: return evaluation.stack
        }
    }
}

/// Per task, the predictor with the best mean pooled Pearson over the task's splits, among those
/// measured on every split of that task and `available` in the model folder.
public struct PredictorSelection: Sendable {
    public struct Candidate: Sendable {
        public var choice: PredictorChoice
        /// Pooled Pearson per split, in report order.
        public var pearson: [Double]
        public var mean: Double
    }

    public var chosen: [MetricsReport.Task: PredictorChoice] = [:]
    public var candidates: [MetricsReport.Task: [Candidate]] = [:]

    public init(report: MetricsReport, available: Set<PredictorChoice>) throws {
        for task in [MetricsReport.Task.ddG, .dG] {
            let evaluations = report.evaluations.filter { $0.task == task }
            guard !evaluations.isEmpty else { continue }
            var measured: [Candidate] = []
            for choice in PredictorChoice.allCases where available.contains(choice) {
                let values = evaluations.compactMap { choice.metrics(in: $0)?.pearson }
                guard values.count == evaluations.count else { continue }
                measured.append(Candidate(choice: choice, pearson: values, mean: values.reduce(0, +) / Double(values.count)))
            }
            guard let best = measured.max(by: { $0.mean < $1.mean }) else {
                throw ModelError.input("select: no predictor available in the model folder was measured on every \(task.rawValue) split")
            }
            chosen[task] = best.choice
            candidates[task] = measured
        }
    }
}
