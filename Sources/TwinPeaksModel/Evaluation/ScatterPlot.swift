// An SVG scatter plot of predicted against measured ΔG or ΔΔG: equal axes in kcal/mol with ticks,
// the y = x line, one circle per row, a title with n, Pearson and RMSE. Same input, same bytes.

import Foundation
import TwinPeaksBio
import TwinPeaksSplit

/// Predicted against measured values, as a standalone SVG document.
public struct ScatterPlot: Sendable {
    public var title: String
    /// What is plotted, e.g. `ΔΔG` or `ΔG`; the axis labels add "(kcal/mol)".
    public var quantity: String
    public var measuredKcalPerMol: [Double]
    public var predictedKcalPerMol: [Double]

    public static let sizePixels = 480.0
    private static let marginLeft = 70.0, marginRight = 20.0, marginTop = 62.0, marginBottom = 60.0

    public init(title: String, quantity: String, measuredKcalPerMol: [Double], predictedKcalPerMol: [Double]) throws {
        guard measuredKcalPerMol.count == predictedKcalPerMol.count, !measuredKcalPerMol.isEmpty else {
            throw InputError("scatter plot \(title)", "\(measuredKcalPerMol.count) measured and \(predictedKcalPerMol.count) predicted values; expected equal, non-zero counts")
        }
        guard (measuredKcalPerMol + predictedKcalPerMol).allSatisfy(\.isFinite) else {
            throw InputError("scatter plot \(title)", "a value is not finite; expected finite kcal/mol values")
        }
        self.title = title
        self.quantity = quantity
        self.measuredKcalPerMol = measuredKcalPerMol
        self.predictedKcalPerMol = predictedKcalPerMol
    }

    /// Tick positions: a step of 1, 2 or 5 × 10^k giving about five intervals, covering [low, high].
    static func ticks(low: Double, high: Double) -> (values: [Double], step: Double) {
        let span = max(high - low, 1e-9)
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw }!
        let first = floor(low / step), last = ceil(high / step)
        return (stride(from: first, through: last, by: 1).map { $0 * step }, step)
    }

    public func svg() -> String {
        let all = measuredKcalPerMol + predictedKcalPerMol
        let (tickValues, step) = Self.ticks(low: all.min()!, high: all.max()!)
        let low = tickValues.first!, high = tickValues.last!
        let size = Self.sizePixels
        let left = Self.marginLeft, top = Self.marginTop
        let width = size - Self.marginLeft - Self.marginRight, height = size - Self.marginTop - Self.marginBottom
        func px(_ v: Double) -> Double { left + (v - low) / (high - low) * width }
        func py(_ v: Double) -> Double { top + height - (v - low) / (high - low) * height }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        let decimals = max(0, Int(-floor(log10(step))))
        func label(_ v: Double) -> String {
            let text = String(format: "%.\(decimals)f", v)
            return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        }
        let pearson = Correlation.pearson(measuredKcalPerMol, predictedKcalPerMol).map { String(format: "%.3f", $0) } ?? "–"
        let rmse = Correlation.rmse(measured: measuredKcalPerMol, predicted: predictedKcalPerMol).map { String(format: "%.2f", $0) } ?? "–"
        let statistics = "n = \(measuredKcalPerMol.count), Pearson r = \(pearson), RMSE = \(rmse) kcal/mol"

        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(size))\" height=\"\(Int(size))\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(size / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(Self.escaped(title))</text>\n"
        s += "<text x=\"\(f(size / 2))\" y=\"42\" text-anchor=\"middle\">\(statistics)</text>\n"
        s += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n"
        for v in tickValues {
            s += "<line x1=\"\(f(px(v)))\" y1=\"\(f(top))\" x2=\"\(f(px(v)))\" y2=\"\(f(top + height))\"/>\n"
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(v)))\" x2=\"\(f(left + width))\" y2=\"\(f(py(v)))\"/>\n"
        }
        s += "</g>\n<g font-size=\"11\">\n"
        for v in tickValues {
            s += "<text x=\"\(f(px(v)))\" y=\"\(f(top + height + 16))\" text-anchor=\"middle\">\(label(v))</text>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\">\(label(v))</text>\n"
        }
        s += "</g>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"black\"/>\n"
        s += "<line x1=\"\(f(px(low)))\" y1=\"\(f(py(low)))\" x2=\"\(f(px(high)))\" y2=\"\(f(py(high)))\" stroke=\"#888888\" stroke-dasharray=\"4 3\"/>\n"
        s += "<text x=\"\(f(left + width / 2))\" y=\"\(f(size - 18))\" text-anchor=\"middle\">measured \(Self.escaped(quantity)) (kcal/mol)</text>\n"
        s += "<text x=\"18\" y=\"\(f(top + height / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(top + height / 2)))\">predicted \(Self.escaped(quantity)) (kcal/mol)</text>\n"
        s += "<g fill=\"#1f77b4\" fill-opacity=\"0.45\" stroke=\"none\">\n"
        for i in measuredKcalPerMol.indices {
            s += "<circle cx=\"\(f(px(measuredKcalPerMol[i])))\" cy=\"\(f(py(predictedKcalPerMol[i])))\" r=\"2.5\"/>\n"
        }
        s += "</g>\n</svg>\n"
        return s
    }

    /// Writes the SVG under a temporary name and renames it into place.
    public func write(to url: URL) throws {
        try OutputFile.write(svg(), to: url.path)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
