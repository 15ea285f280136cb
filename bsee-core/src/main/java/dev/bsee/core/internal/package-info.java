/// Implementation shared by bsee-java's modules and exported to them alone: one rule for each
/// concept that several modules need (Python-style value text, text for messages, strict UTF-8,
/// atomic file replacement). Not API: it may change in any release.
package dev.bsee.core.internal;
