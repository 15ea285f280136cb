/// Download, portal discovery, zip streaming and CSV parsing.
package dev.bsee.scraper;
