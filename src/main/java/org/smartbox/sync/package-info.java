/**
 * Sync documents and app unlock grants (sync-format.md): reading, validation, signatures.
 *
 * <p>Choices where the format leaves room, so the cloud side can match them:
 * <ul>
 *   <li>Order of reporting: problems that make the input no JSON at all (syntax, size, nesting,
 *       duplicate fields) first; then the header in the order schema, type, boxId, version,
 *       baseVersion, wherever those fields sit; then the first problem in a record, records in
 *       document order and each record's fields in the order of the format's Fields table; then
 *       the rules that join records (account codes, key owners and slots, access references,
 *       deleted users who still own keys).</li>
 *   <li>A present {@code null} is never the same as an absent field: it fails the field's type
 *       ({@code must be true or false} for a security setting, which is not read as ON).</li>
 *   <li>A snapshot must carry {@code users}, {@code keys} and {@code accesses} (empty lists allowed):
 *       a forgotten list would otherwise wipe a table. A snapshot must not carry {@code upsert} or
 *       {@code delete}, nor a delta {@code users}, {@code keys} or {@code accesses}: ignoring them
 *       would drop changes silently. {@code baseVersion} in a snapshot is ignored.</li>
 *   <li>In a delta, deleting an id the cache does not have is accepted and changes nothing; the
 *       same id twice in one list, or in both upsert and delete of one kind, is an error.</li>
 *   <li>A key label is 1 to 64 characters, not blank. A string in a known field is at most
 *       65,536 characters; unknown fields are skipped unread and have no limit but the document's.
 *       Nesting is limited to 64 levels.</li>
 *   <li>Messages never hold an account code or app secret, and show a bad mobile number with all
 *       but its last four digits masked (SPEC §6). JSON syntax errors give line and column only,
 *       never the offending text, which could be an unquoted secret.</li>
 *   <li>Grants: every field but {@code signature} is signed as received, also unknown ones, which
 *       must be strings or integers within +-(2^53-1). The canonical form equals RFC 8785 (JCS)
 *       for such values. The signature is standard base64 of 64 bytes.</li>
 * </ul>
 */
package org.smartbox.sync;
