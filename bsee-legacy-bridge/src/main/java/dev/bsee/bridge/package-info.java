/// The refresh: configuration ([dev.bsee.bridge.RefreshConfig]), routing
/// ([dev.bsee.bridge.RefreshRouter]), the facade ([dev.bsee.bridge.BseeRefresh]) and its report, and
/// reading folders of `.bin` files from Java ([dev.bsee.bridge.BinStore]).
package dev.bsee.bridge;
