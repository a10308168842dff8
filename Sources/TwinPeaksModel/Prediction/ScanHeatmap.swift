// The heatmap of a saturation scan as a standalone SVG: per pair, a panel with one column per
// scanned position and one row per substituted residue (A … Y), a per-position mean row beneath,
// the wild-type cell marked, and a colour scale that states its units and sign (ΔΔG in kcal/mol,
// red = positive = the mutation weakens binding). Same input, same bytes.

import Foundation
import TwinPeaksBio

public struct ScanHeatmap {
    public let summary: ScanSummary
    static let cellWidth = 9.0, cellHeight = 12.0, left = 64.0, right = 24.0
    static let panelTop = 40.0, labelBand = 40.0, legendHeight = 70.0

    public init(_ summary: ScanSummary) { self.summary = summary }

    /// The colour scale's limit: the largest |ΔΔG| rounded up to a half kcal/mol (at least 0.5), so
    /// zero is white and both signs share one scale.
    var limitKcalPerMol: Double {
        let largest = summary.pairs.flatMap { $0.sites.flatMap { $0.deltaDeltaG.values } }.map(abs).max() ?? 0
        return max(0.5, (largest * 2).rounded(.up) / 2)
    }

    /// Blue (ΔΔG ≤ −limit, binding strengthened) through white (0) to red (≥ +limit, weakened).
    static func colour(_ value: Double, limit: Double) -> String {
        let t = min(1, abs(value) / limit)
        let fade = Int((255 * (1 - t)).rounded())
        return value >= 0 ? String(format: "#ff%02x%02x", fade, fade) : String(format: "#%02x%02xff", fade, fade)
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    public func svg() -> String {
        let limit = limitKcalPerMol
        let rows = AminoAcid.standard
        let widest = summary.pairs.map(\.sites.count).max() ?? 0
        let width = Self.left + Double(max(widest, 30)) * Self.cellWidth + Self.right
        let panelHeight = Self.panelTop + Double(rows.count + 2) * Self.cellHeight + Self.labelBand
        let height = Double(summary.pairs.count) * panelHeight + Self.legendHeight
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" "
            + "viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" font-family=\"sans-serif\" font-size=\"9\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        for (p, pair) in summary.pairs.enumerated() {
            let top = Double(p) * panelHeight
            s += "<text x=\"\(Self.f(Self.left))\" y=\"\(Self.f(top + 22))\" font-size=\"13\">\(ScatterPlot.escaped(pair.id)): "
                + "predicted ΔΔG of every substitution (kcal/mol)</text>\n"
            let gridTop = top + Self.panelTop
            for (r, residue) in rows.enumerated() {
                s += "<text x=\"\(Self.f(Self.left - 6))\" y=\"\(Self.f(gridTop + (Double(r) + 0.8) * Self.cellHeight))\" text-anchor=\"end\">\(residue.oneLetter)</text>\n"
            }
            let meanY = gridTop + Double(rows.count + 1) * Self.cellHeight
            s += "<text x=\"\(Self.f(Self.left - 6))\" y=\"\(Self.f(meanY + 0.8 * Self.cellHeight))\" text-anchor=\"end\">mean</text>\n"
            // Label every position when few, else every tenth, so labels never overlap.
            let every = pair.sites.count <= 40 ? 1 : 10
            for (c, site) in pair.sites.enumerated() {
                let x = Self.left + Double(c) * Self.cellWidth
                for (r, residue) in rows.enumerated() {
                    let y = gridTop + Double(r) * Self.cellHeight
                    let geometry = "x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(Self.cellWidth))\" height=\"\(Self.f(Self.cellHeight))\""
                    if residue == site.wildType {
                        s += "<rect class=\"wild-type\" \(geometry) fill=\"#d9d9d9\" stroke=\"black\" stroke-width=\"0.6\"><title>\(site.label): wild type</title></rect>\n"
                        s += "<circle cx=\"\(Self.f(x + Self.cellWidth / 2))\" cy=\"\(Self.f(y + Self.cellHeight / 2))\" r=\"1.8\" fill=\"black\"/>\n"
                    } else if let value = site.deltaDeltaG[residue] {
                        s += "<rect \(geometry) fill=\"\(Self.colour(value, limit: limit))\"><title>\(site.label)\(residue.oneLetter): "
                            + "ΔΔG \(String(format: "%.3f", value)) kcal/mol</title></rect>\n"
                    }
                }
                let mean = site.meanDeltaDeltaG
                s += "<rect class=\"mean\" x=\"\(Self.f(x))\" y=\"\(Self.f(meanY))\" width=\"\(Self.f(Self.cellWidth))\" height=\"\(Self.f(Self.cellHeight))\" "
                    + "fill=\"\(Self.colour(mean, limit: limit))\"><title>\(site.label): mean ΔΔG \(String(format: "%.3f", mean)) kcal/mol</title></rect>\n"
                if c % every == 0 {
                    let lx = x + Self.cellWidth * 0.7, ly = meanY + Self.cellHeight + 4
                    s += "<text x=\"\(Self.f(lx))\" y=\"\(Self.f(ly))\" text-anchor=\"end\" transform=\"rotate(-90 \(Self.f(lx)) \(Self.f(ly)))\">"
                        + "\(site.chain)\(site.number)</text>\n"
                }
            }
        }
        s += legend(top: height - Self.legendHeight + 10, limit: limit)
        s += "</svg>\n"
        return s
    }

    /// The colour bar with its ticks, units and sign, and the wild-type mark.
    private func legend(top: Double, limit: Double) -> String {
        let barWidth = 240.0, x0 = Self.left
        var s = "<defs><linearGradient id=\"ddg-scale\"><stop offset=\"0\" stop-color=\"#0000ff\"/>"
            + "<stop offset=\"0.5\" stop-color=\"#ffffff\"/><stop offset=\"1\" stop-color=\"#ff0000\"/></linearGradient></defs>\n"
        s += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(top))\" width=\"\(Self.f(barWidth))\" height=\"10\" fill=\"url(#ddg-scale)\" stroke=\"black\" stroke-width=\"0.5\"/>\n"
        for (fraction, value) in [(0.0, -limit), (0.5, 0), (1.0, limit)] {
            let x = x0 + fraction * barWidth
            s += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(top + 22))\" text-anchor=\"middle\">\(String(format: "%+.1f", value).replacingOccurrences(of: "+0.0", with: "0"))</text>\n"
        }
        s += "<text x=\"\(Self.f(x0))\" y=\"\(Self.f(top + 36))\">ΔΔG = ΔG(mutant) − ΔG(wild type), kcal/mol: red = positive = the mutation weakens binding; "
            + "blue = negative = it strengthens binding (scale clipped at ±\(String(format: "%.1f", limit)))</text>\n"
        s += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(top + 44))\" width=\"\(Self.f(Self.cellWidth))\" height=\"\(Self.f(Self.cellHeight))\" fill=\"#d9d9d9\" stroke=\"black\" stroke-width=\"0.6\"/>"
            + "<circle cx=\"\(Self.f(x0 + Self.cellWidth / 2))\" cy=\"\(Self.f(top + 44 + Self.cellHeight / 2))\" r=\"1.8\" fill=\"black\"/>\n"
        s += "<text x=\"\(Self.f(x0 + Self.cellWidth + 6))\" y=\"\(Self.f(top + 53))\">wild-type residue; bottom row: mean ΔΔG over the position's substitutions</text>\n"
        return s
    }
}
