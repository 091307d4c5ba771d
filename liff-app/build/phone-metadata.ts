import type { Plugin } from 'vite';
import mobileMetadata from 'libphonenumber-js/metadata.mobile.json';
import { ACCEPTED_PHONE_REGIONS, metadataForRegions } from '../../shared/phone.ts';

/**
 * shared/phone.ts cuts libphonenumber's mobile metadata (all 245 regions, ~40 KB gzipped) down to
 * the accepted regions at run time; in the browser bundle the cut is made here, at build time,
 * so only those regions' rules are shipped (~4 KB). The server keeps importing the full file and
 * applies the same cut, so both sides give the same verdict.
 */
export function phoneMetadataForAcceptedRegions(): Plugin {
  return {
    name: 'phone-metadata-for-accepted-regions',
    enforce: 'pre',
    load(id) {
      if (!/[\\/]libphonenumber-js[\\/]metadata\.mobile\.json\.js$/.test(id)) return null;
      return `export default ${JSON.stringify(metadataForRegions(mobileMetadata, ACCEPTED_PHONE_REGIONS))};`;
    },
  };
}
