// Learning-rate schedule: linear warm-up to a peak, then cosine decay to a floor.
import Foundation

public struct LearningRateSchedule: Sendable, Equatable {
    public let peak: Float
    public let warmupSteps: Int
    public let totalSteps: Int
    public let floor: Float

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, floor: Float = 0) throws {
        guard peak > 0, floor >= 0, floor <= peak, warmupSteps >= 0, totalSteps >= warmupSteps else {
            throw TensorError.invalidArgument("learning-rate schedule: peak \(peak), floor \(floor), warm-up "
                                              + "\(warmupSteps), total \(totalSteps): expected 0 ≤ floor ≤ peak, "
                                              + "0 ≤ warm-up ≤ total")
        }
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.floor = floor
    }

    /// The rate for 0-based step `step`: peak·(step + 1)/warm-up during warm-up, then
    /// floor + (peak − floor)·½(1 + cos(π·progress)) with progress from 0 to 1 over the remaining
    /// steps; the floor after `totalSteps`.
    public func rate(atStep step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let decaySteps = max(1, totalSteps - warmupSteps)
        let progress = min(1, Double(step - warmupSteps) / Double(decaySteps))
        return floor + (peak - floor) * Float(0.5 * (1 + cos(Double.pi * progress)))
    }
}
