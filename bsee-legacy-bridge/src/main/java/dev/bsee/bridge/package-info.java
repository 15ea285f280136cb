/// The refresh: configuration ([dev.bsee.bridge.RefreshConfig]), routing
/// ([dev.bsee.bridge.RefreshRouter]), and the facade ([dev.bsee.bridge.BseeRefresh]) and its report.
/// Reading the `.bin` files back is `dev.bsee.binary.store.BinStore`, in bsee-binary.
package dev.bsee.bridge;
