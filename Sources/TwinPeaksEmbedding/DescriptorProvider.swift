// The built-in per-residue descriptors: a concatenation of `DescriptorBlock`s, computed from a
// precomputed residue × column table. Nothing to download; the default when no embeddings are given.

import TwinPeaksBio

/// Built-in descriptors. The default blocks give D = 58: one-hot 20, BLOSUM62 row 20, VHSE 8,
/// Z-scales 5, hydropathy, charge, volume, unknown flag, chain-start flag.
public struct DescriptorProvider: ResidueFeatureProvider, Sendable {
    public static let defaultBlocks: [DescriptorBlock] = DescriptorBlock.allCases

    public let blocks: [DescriptorBlock]
    public let dimension: Int
    public var name: String { "descriptors" }
    public var configuration: String {
        "descriptors: blocks=\(blocks.map(\.rawValue).joined(separator: ",")); "
            + "scales and BLOSUM62 columns standardised over the 20 standard residues; one-hot and flags 0/1"
    }
    /// One name per column, in order.
    public var columnNames: [String] { blocks.flatMap(\.columnNames) }

    /// Residue (0...20) × dimension, every positional column 0.
    private let table: [Float]
    private let chainStartColumn: Int?

    /// Blocks in the order given; an empty list or a repeated block is an error.
    public init(blocks: [DescriptorBlock] = DescriptorProvider.defaultBlocks) throws {
        guard !blocks.isEmpty else { throw InputError("descriptors", "no blocks chosen; expected some of \(Self.blockNames)") }
        guard Set(blocks).count == blocks.count else {
            throw InputError("descriptors", "a block is listed twice in \(blocks.map(\.rawValue).joined(separator: ","))")
        }
        self.blocks = blocks
        dimension = blocks.reduce(0) { $0 + $1.dimension }
        var table: [Float] = []
        table.reserveCapacity(21 * dimension)
        for residue in AminoAcid.allCases {
            for block in blocks { table += block.values(for: residue) }
        }
        self.table = table
        var column = 0
        var chainStart: Int? = nil
        for block in blocks {
            if block == .chainStart { chainStart = column }
            column += block.dimension
        }
        chainStartColumn = chainStart
    }

    /// Parses a comma-separated block list (`onehot,blosum62,vhse`); `default` means all blocks.
    public init(parsing text: String) throws {
        if text == "default" { try self.init(); return }
        var blocks: [DescriptorBlock] = []
        for part in text.split(separator: ",") {
            let name = String(part.filter { !$0.isWhitespace })
            guard let block = DescriptorBlock(rawValue: name) else {
                throw InputError("descriptors", "unknown block '\(name)'; expected some of \(Self.blockNames)")
            }
            blocks.append(block)
        }
        try self.init(blocks: blocks)
    }

    /// The provider a `configuration` string describes (as recorded in stores and model files).
    public init(configuration text: String) throws {
        guard let blocks = text.components(separatedBy: "blocks=").dropFirst().first?.split(separator: ";").first else {
            throw InputError("descriptors", "configuration '\(text)' names no blocks; expected 'descriptors: blocks=…; …'")
        }
        try self.init(parsing: String(blocks))
    }

    private static var blockNames: String { DescriptorBlock.allCases.map(\.rawValue).joined(separator: ",") }

    public func features(for residues: [AminoAcid]) -> [Float] {
        let d = dimension
        var out = [Float](repeating: 0, count: residues.count * d)
        table.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { out in
                for (i, residue) in residues.enumerated() {
                    let source = table.baseAddress! + residue.index * d
                    (out.baseAddress! + i * d).update(from: source, count: d)
                }
            }
        }
        if let column = chainStartColumn, !residues.isEmpty { out[column] = 1 }
        return out
    }
}
