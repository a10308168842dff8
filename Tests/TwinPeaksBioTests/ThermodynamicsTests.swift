// ΔG = RT·ln(Kd): the reference value and the inverse.
import Testing
@testable import TwinPeaksBio

@Test func oneNanomolarAt298KelvinIsMinus12point28() throws {
    // Hand derivation: 1.98720425864083e-3 × 298.15 × ln(1e-9) = 0.592485 × (−20.7233) = −12.2782.
    let deltaG = try #require(Thermodynamics.deltaGKcalPerMol(kdMolar: 1e-9, temperatureKelvin: 298.15))
    #expect(abs(deltaG - (-12.28)) < 0.01)
    #expect(abs(deltaG - (-12.2782)) < 1e-4)
}

@Test func kdRoundTripsThroughDeltaG() throws {
    for kd in [1e-15, 3.4e-8, 1e-3, 1.0] {
        let deltaG = try #require(Thermodynamics.deltaGKcalPerMol(kdMolar: kd, temperatureKelvin: 310))
        let back = Thermodynamics.kdMolar(deltaGKcalPerMol: deltaG, temperatureKelvin: 310)
        #expect(abs(back / kd - 1) < 1e-12)
    }
    #expect(Thermodynamics.deltaGKcalPerMol(kdMolar: 1.0) == 0)
}

@Test func nonPositiveConstantsHaveNoDeltaG() {
    #expect(Thermodynamics.deltaGKcalPerMol(kdMolar: 0) == nil)
    #expect(Thermodynamics.deltaGKcalPerMol(kdMolar: -1e-9) == nil)
    #expect(Thermodynamics.deltaGKcalPerMol(kdMolar: .infinity) == nil)
}
