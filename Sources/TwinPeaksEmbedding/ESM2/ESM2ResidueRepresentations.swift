// Per-residue representations of whole chains: tokenise, cut long chains into windows
// (ESM2Windows), group windows of similar length into batches under a token budget, run the
// encoder to the chosen layer, drop <cls>, <eos> and padding, and join each chain's windows.

import TwinPeaksBio
import TwinPeaksTensor

extension ESM2Model {
    /// For each chain (upper-case one-letter codes), its L×W representation at `layer`, row-major.
    /// `tokenBudget` bounds B·T of one forward pass (padding included): memory and batch size.
    public func residueRepresentations(_ chains: [String], layer: Int,
                                       windowResidues: Int = ESM2Configuration.maximumResidues,
                                       tokenBudget: Int = 2048) throws -> [[Float]] {
        struct Segment { let chain: Int; let window: Int; let range: Range<Int>; let tokens: [Int] }
        var segments: [Segment] = []
        var windowsOfChain: [[Range<Int>]] = []
        for (index, chain) in chains.enumerated() {
            let tokens = try ESM2Alphabet.encode(chain, record: "chain \(index + 1)")
            let windows = ESM2Windows.windows(length: chain.count, maximum: windowResidues)
            windowsOfChain.append(windows)
            for (w, range) in windows.enumerated() {
                // Residue r is token r + 1 of the whole chain; a window is <cls> its residues <eos>.
                let window = [ESM2Alphabet.classToken] + tokens[(range.lowerBound + 1)..<(range.upperBound + 1)] + [ESM2Alphabet.endToken]
                segments.append(Segment(chain: index, window: w, range: range, tokens: window))
            }
        }
        // Longest first, so each batch pads little; a batch grows while B·T_max stays in budget.
        let order = segments.indices.sorted { (segments[$0].tokens.count, $1) > (segments[$1].tokens.count, $0) }
        let width = configuration.width
        var rows = [[Float]](repeating: [], count: segments.count)
        var next = 0
        while next < order.count {
            let longest = segments[order[next]].tokens.count
            let count = max(1, min(order.count - next, tokenBudget / max(longest, 1)))
            let batch = Array(order[next..<(next + count)])
            next += count
            let (states, mask) = try hiddenStates(batch.map { segments[$0].tokens }, layer: layer)
            states.withUnsafeBufferPointer { states in
                for (b, segment) in batch.enumerated() {
                    let residues = segments[segment].range.count
                    let start = states.baseAddress! + (b * mask.length + 1) * width  // skip <cls>
                    rows[segment] = Array(UnsafeBufferPointer(start: start, count: residues * width))
                }
            }
        }
        // Join: each residue's row from the window that owns it.
        var result: [[Float]] = []
        var segment = 0
        for (index, chain) in chains.enumerated() {
            let windows = windowsOfChain[index]
            let first = segment
            segment += windows.count
            if windows.count == 1 { result.append(rows[first]); continue }
            let owners = ESM2Windows.owners(length: chain.count, windows: windows)
            var joined = [Float](repeating: 0, count: chain.count * width)
            for residue in 0..<chain.count {
                let w = owners[residue], offset = residue - windows[w].lowerBound
                joined.replaceSubrange((residue * width)..<((residue + 1) * width),
                                       with: rows[first + w][(offset * width)..<((offset + 1) * width)])
            }
            result.append(joined)
        }
        return result
    }
}
