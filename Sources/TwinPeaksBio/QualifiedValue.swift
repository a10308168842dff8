// A number with its qualifier (`=`, `~`, `<`, `>`): a measured constant or free energy that may be
// censored. Censored values keep their direction through ΔG and ΔΔG.
import Foundation

public struct QualifiedValue: Hashable, Sendable, CustomStringConvertible {
    public var qualifier: Qualifier
    public var value: Double

    public init(_ qualifier: Qualifier, _ value: Double) {
        self.qualifier = qualifier
        self.value = value
    }

    public static func exact(_ value: Double) -> QualifiedValue { QualifiedValue(.exact, value) }

    public var isCensored: Bool { qualifier.isCensored }

    public var description: String { (qualifier == .exact ? "" : qualifier.rawValue) + "\(value)" }

    /// ΔG (kcal/mol) for this dissociation constant (M): RT·ln is increasing, so the qualifier carries over.
    public func deltaG(temperatureKelvin: Double) -> QualifiedValue? {
        Thermodynamics.deltaGKcalPerMol(kdMolar: value, temperatureKelvin: temperatureKelvin).map { QualifiedValue(qualifier, $0) }
    }

    /// `self − other` with its qualifier: exact minus exact is exact (approximate if either is);
    /// a bound minus an exact value keeps its direction; an exact value minus a bound flips it;
    /// `>` minus `<` is `>` and `<` minus `>` is `<`; bounds in the same direction say nothing (nil).
    public func minus(_ other: QualifiedValue) -> QualifiedValue? {
        let difference = value - other.value
        switch (qualifier.isCensored, other.qualifier.isCensored) {
        case (false, false):
            let either = qualifier == .approximate || other.qualifier == .approximate
            return QualifiedValue(either ? .approximate : .exact, difference)
        case (true, false):
            return QualifiedValue(qualifier, difference)
        case (false, true):
            return QualifiedValue(other.qualifier.flipped, difference)
        case (true, true):
            return qualifier == other.qualifier.flipped ? QualifiedValue(qualifier, difference) : nil
        }
    }
}
