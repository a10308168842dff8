// The named blocks that make up the built-in descriptors (one-hot, BLOSUM62 row, VHSE, Z-scales,
// hydropathy, charge, volume, unknown-residue flag, chain-start flag), their widths and scaling.

import TwinPeaksBio

/// One block of columns of the built-in descriptors. Scaling: one-hot and flags are 0/1; every
/// other column (a scale, or one BLOSUM62 column) is standardised to mean 0 and unit standard
/// deviation over the 20 standard residues, so no block dominates by its units; the unknown residue
/// X gets 0 there (the average residue) and is marked by the `unknown` flag instead.
public enum DescriptorBlock: String, CaseIterable, Sendable {
    case oneHot = "onehot"
    case blosum62
    case vhse
    case zScales = "zscales"
    case hydropathy
    case charge
    case volume
    /// 1 for X (a residue the sequence does not name), else 0.
    case unknown
    /// 1 on the first residue of the chain, else 0: the separator when the model concatenates
    /// the chains of a multi-chain partner.
    case chainStart = "chain_start"

    public var dimension: Int {
        switch self {
        case .oneHot, .blosum62: return 20
        case .vhse: return 8
        case .zScales: return 5
        case .hydropathy, .charge, .volume, .unknown, .chainStart: return 1
        }
    }

    /// Column names, e.g. `onehot_A`, `blosum62_W`, `vhse3`, `z1`, `kyte_doolittle`.
    public var columnNames: [String] {
        let letters = AminoAcid.standard.map { String($0.oneLetter) }
        switch self {
        case .oneHot: return letters.map { "onehot_\($0)" }
        case .blosum62: return letters.map { "blosum62_\($0)" }
        case .vhse: return ResidueScales.vhse.map(\.name)
        case .zScales: return ResidueScales.zScales.map(\.name)
        case .hydropathy: return [ResidueScales.kyteDoolittle.name]
        case .charge: return [ResidueScales.charge.name]
        case .volume: return [ResidueScales.volume.name]
        case .unknown: return ["unknown"]
        case .chainStart: return ["chain_start"]
        }
    }

    public var citation: String {
        switch self {
        case .oneHot, .unknown, .chainStart: return "indicator"
        case .blosum62: return Blosum62.citation
        case .vhse: return ResidueScales.vhse[0].citation
        case .zScales: return ResidueScales.zScales[0].citation
        case .hydropathy: return ResidueScales.kyteDoolittle.citation
        case .charge: return ResidueScales.charge.citation
        case .volume: return ResidueScales.volume.citation
        }
    }

    /// True when the block depends on the position in the chain, not only on the residue.
    public var isPositional: Bool { self == .chainStart }

    /// The block's scaled values for one residue (positional blocks give their "not first" value, 0).
    public func values(for residue: AminoAcid) -> [Float] {
        switch self {
        case .oneHot:
            return AminoAcid.standard.map { $0 == residue ? 1 : 0 }
        case .blosum62:
            return AminoAcid.standard.indices.map { Float(Self.blosumStandardised[residue.index][$0]) }
        case .vhse:
            return ResidueScales.vhse.map { Float($0.standardised(residue)) }
        case .zScales:
            return ResidueScales.zScales.map { Float($0.standardised(residue)) }
        case .hydropathy:
            return [Float(ResidueScales.kyteDoolittle.standardised(residue))]
        case .charge:
            return [Float(ResidueScales.charge.standardised(residue))]
        case .volume:
            return [Float(ResidueScales.volume.standardised(residue))]
        case .unknown:
            return [residue.isStandard ? 0 : 1]
        case .chainStart:
            return [0]
        }
    }

    /// BLOSUM62 rows with each of the 20 columns standardised over the 20 standard rows; X row 0.
    private static let blosumStandardised: [[Double]] = {
        let columns = AminoAcid.standard.map { b in
            ResidueScale(name: "blosum62_\(b.oneLetter)", citation: Blosum62.citation,
                         values: AminoAcid.standard.map { a in Double(Blosum62.score(a, b)) })
        }
        return AminoAcid.allCases.map { a in columns.map { $0.standardised(a) } }
    }()
}
