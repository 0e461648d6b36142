import Eloquent
import HTTPServer
import Testing

/// `REUSE_PORT` (issue 12, SPEC sections 5 and 6): false by default, `true`/`false` only, carried to the server.
@Suite struct ConfigReusePortTests {
    @Test func defaultsToFalseAndReachesTheServer() throws {
        #expect(try loadConfig([:]).reusePort == false)
        #expect(ServerConfiguration(try loadConfig([:])).reusePort == false)
        #expect(try loadConfig(["REUSE_PORT": "true"]).reusePort == true)
        #expect(ServerConfiguration(try loadConfig(["REUSE_PORT": "TRUE"])).reusePort == true)
        #expect(try loadConfig(["REUSE_PORT": "false"]).reusePort == false)
    }

    @Test(arguments: ["yes", "1", "on", "truee"]) func anythingElseStopsStartupNamingTheVariable(value: String) throws {
        let error = try #require(configError(["REUSE_PORT": value]))
        #expect(error.description.contains("REUSE_PORT"))
        #expect(error.description.contains("true or false"))
        #expect(error.description.contains(value))
    }
}
