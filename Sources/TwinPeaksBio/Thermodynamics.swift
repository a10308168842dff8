// Binding free energy from a dissociation constant: ΔG = RT·ln(Kd) in kcal/mol (DESIGN.md).
// Binding is negative ΔG; ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding.
import Foundation

public enum Thermodynamics {
    /// The gas constant in kcal/(mol·K).
    public static let gasConstantKcalPerMolKelvin = 1.98720425864083e-3
    /// The temperature assumed when a record gives none.
    public static let defaultTemperatureKelvin = 298.15

    /// ΔG in kcal/mol for a dissociation constant in mol/L at `temperatureKelvin`.
    /// Nil for a constant that is not a positive finite number.
    public static func deltaGKcalPerMol(kdMolar: Double, temperatureKelvin: Double = defaultTemperatureKelvin) -> Double? {
        guard kdMolar > 0, kdMolar.isFinite, temperatureKelvin > 0 else { return nil }
        return gasConstantKcalPerMolKelvin * temperatureKelvin * log(kdMolar)
    }

    /// The dissociation constant in mol/L that gives `deltaG` (kcal/mol) at `temperatureKelvin`.
    public static func kdMolar(deltaGKcalPerMol deltaG: Double, temperatureKelvin: Double = defaultTemperatureKelvin) -> Double {
        exp(deltaG / (gasConstantKcalPerMolKelvin * temperatureKelvin))
    }
}
