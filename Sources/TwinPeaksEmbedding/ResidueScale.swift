// One published per-residue property scale (a value for each of the 20 standard amino acids),
// with its citation, and its standardised form (mean 0, unit standard deviation over the 20).

import TwinPeaksBio

/// A property scale over the 20 standard residues, indexed by `AminoAcid`. The unknown residue
/// `X` has no published value: `scale[.unknown]` is nil and its standardised value is 0 (the mean).
public struct ResidueScale: Sendable {
    /// Short name used in column names and configuration strings (`kyte_doolittle`, `vhse3`).
    public let name: String
    /// Where the values come from (authors, journal, year).
    public let citation: String
    /// The published values in `AminoAcid` order (A C D E F G H I K L M N P Q R S T V W Y).
    public let values: [Double]
    /// Mean and population standard deviation of `values` over the 20 standard residues.
    public let mean: Double
    public let standardDeviation: Double

    /// `values` must hold 20 numbers in `AminoAcid` order (the tables in `ResidueScales` do).
    public init(name: String, citation: String, values: [Double]) {
        self.name = name
        self.citation = citation
        self.values = values
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        self.mean = mean
        self.standardDeviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
                                  / Double(max(values.count, 1))).squareRoot()
    }

    /// The published value, or nil for the unknown residue.
    public subscript(_ residue: AminoAcid) -> Double? {
        residue.isStandard ? values[residue.index] : nil
    }

    /// (value − mean) / standard deviation; 0 for the unknown residue.
    public func standardised(_ residue: AminoAcid) -> Double {
        guard residue.isStandard, standardDeviation > 0 else { return 0 }
        return (values[residue.index] - mean) / standardDeviation
    }
}
