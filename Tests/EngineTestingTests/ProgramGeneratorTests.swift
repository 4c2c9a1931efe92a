import Testing
@testable import EngineTesting

