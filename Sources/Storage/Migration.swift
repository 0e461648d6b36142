/// One step of the schema's history. Steps are applied in version order, each in its own
/// transaction, and recorded in `schema_migrations`; a step is never edited once released.
struct Migration: Sendable {
    let version: Int
    let name: String
    let sql: String
}
