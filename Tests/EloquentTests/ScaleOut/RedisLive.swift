import Testing

/// Every live test on the one Redis test server of `scripts/with-redis` runs inside this suite, one at a time: some
/// stop and restart the server, which would fail the others' requests.
@Suite(.serialized) enum RedisLive {}
