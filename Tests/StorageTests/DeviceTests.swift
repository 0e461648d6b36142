@testable import Storage
import Testing

@Suite struct DeviceTests {
    @Test(arguments: StoreKind.all) func registeringKeepsFirstSeenAndMovesLastSeen(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.makeUser("u1")
            let first = try await store.registerDevice(userID: "u1", deviceID: "mac-1", now: 100)
            #expect(first == DeviceRecord(userID: "u1", deviceID: "mac-1", firstSeen: 100, lastSeen: 100))
            let again = try await store.registerDevice(userID: "u1", deviceID: "mac-1", now: 250)
            #expect(again == DeviceRecord(userID: "u1", deviceID: "mac-1", firstSeen: 100, lastSeen: 250))
            // A late, out-of-order registration does not move last seen backwards.
            let late = try await store.registerDevice(userID: "u1", deviceID: "mac-1", now: 200)
            #expect(late.lastSeen == 250)
            _ = try await store.registerDevice(userID: "u1", deviceID: "pc-2", now: 300)
            #expect(try await store.devices(userID: "u1").map(\.deviceID) == ["pc-2", "mac-1"])
        }
    }

    @Test(arguments: StoreKind.all) func deviceOfAnUnknownUserIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            await #expect(throws: StorageError.userNotFound(operation: "register device", id: "ghost")) {
                _ = try await store.registerDevice(userID: "ghost", deviceID: "d", now: 1)
            }
            try await store.makeUser("u1")
            await #expect(throws: StorageError.self) {
                _ = try await store.registerDevice(userID: "u1", deviceID: "", now: 1)
            }
            #expect(try await store.devices(userID: "u1").isEmpty)
        }
    }
}
