/// The machinery behind the bridge's public API: configuration reading, source plans and runners,
/// the folder lock, download slots, staging, output folders, the manifest and report JSON. Internal
/// to bsee-legacy-bridge and not API, whatever the class path allows: it is not exported and may
/// change in any release.
package dev.bsee.bridge.internal;
