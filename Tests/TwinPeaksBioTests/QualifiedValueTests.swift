// Qualifiers through ΔG and ΔΔG: bounds keep or flip their direction; same-direction bounds say nothing.
import Testing
@testable import TwinPeaksBio

@Test func differencesOfQualifiedValuesFollowTheBounds() {
    let exact = QualifiedValue.exact(-10), approximate = QualifiedValue(.approximate, -10)
    let above = QualifiedValue(.greaterThan, -8), below = QualifiedValue(.lessThan, -12)
    #expect(QualifiedValue.exact(-8).minus(exact) == .exact(2))
    #expect(QualifiedValue.exact(-8).minus(approximate) == QualifiedValue(.approximate, 2))
    #expect(above.minus(exact) == QualifiedValue(.greaterThan, 2))       // mutant binds no better than this
    #expect(QualifiedValue.exact(-8).minus(below) == QualifiedValue(.greaterThan, 4))  // wild type tighter than −12
    #expect(above.minus(below) == QualifiedValue(.greaterThan, 4))
    #expect(below.minus(above) == QualifiedValue(.lessThan, -4))
    #expect(below.minus(below) == nil && above.minus(above) == nil)
}

@Test func deltaGKeepsTheQualifierOfTheConstant() throws {
    let bound = try #require(QualifiedValue(.lessThan, 1e-11).deltaG(temperatureKelvin: 298))
    #expect(bound.qualifier == .lessThan && abs(bound.value - (-14.9992)) < 1e-4)
}
