import Testing
@testable import TwinPeaksTensor
