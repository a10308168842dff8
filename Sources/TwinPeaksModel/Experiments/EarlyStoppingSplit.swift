// The one rule for holding out an early-stopping slice from training complexes, shared by the
// train and evaluate stages: the slice shares no family with the rest of its own choosing; the
// complexes that share a family with it stay in the fitting set (as in the calibration's
// reference), so only the slice's own complexes are withheld and no labelled data is wasted.

import TwinPeaksSplit

struct EarlyStoppingSplit {
    var fit: SampleSet
    /// nil when no slice could be carved (too few families).
    var slice: SampleSet?
    /// Fitting complexes that share a family with the slice.
    var sharingFamilies: Int

    init(_ samples: SampleSet, training: [String], familyLabels: [String: Set<String>], fraction: Double, seed: UInt64) {
        let carve = EarlyStoppingCarveOut(training: training, labels: familyLabels, fraction: fraction, seed: seed)
        fit = samples.restricted(to: Set(carve.fit + carve.dropped))
        slice = carve.stop.isEmpty ? nil : samples.restricted(to: Set(carve.stop))
        sharingFamilies = carve.dropped.count
    }
}
