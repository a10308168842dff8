import Testing
@testable import TwinPeaksSplit
