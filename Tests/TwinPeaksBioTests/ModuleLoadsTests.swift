import Testing
@testable import TwinPeaksBio
