/// The refresh: configuration, routing, output layout and the facade.
package dev.bsee.bridge;
