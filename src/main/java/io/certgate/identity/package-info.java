/**
 * Who a request is: anonymous, a certificate without an account, an account (name and groups),
 * or denied by a mapping. Mapping certificates to accounts (one-to-one, many-to-one) lives here;
 * rules are compiled once when the configuration loads, and nothing here reads the network.
 */
package io.certgate.identity;
