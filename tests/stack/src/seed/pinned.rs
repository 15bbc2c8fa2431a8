//! Pins the seeded digests: if a dependency (for example a different flate2 backend) or a
//! code change alters any byte of the images, this test says so before the stack does.

use super::catalog;
use super::report;

/// Digests every machine must produce (reference as served from 127.0.0.1:5000).
const PINNED: &[(&str, &str)] = &[
    (
        "library/alpine:latest",
        "sha256:b173c875db54cf43166bfd4f83531055f298597cb2aa13323e6584c20aaddb61",
    ),
    (
        "library/alpine@sha256:34b833d2334e802387554f63cffee2cec9cdb797b28cff24dd6b1502b84a7fe8",
        "sha256:34b833d2334e802387554f63cffee2cec9cdb797b28cff24dd6b1502b84a7fe8",
    ),
    (
        "library/alpine:sha256-34b833d2334e802387554f63cffee2cec9cdb797b28cff24dd6b1502b84a7fe8.sig",
        "sha256:2a81641a0219ca23024822162962746289bf39983c6812b28e8565d9faebe294",
    ),
    (
        "oci/single:1.0",
        "sha256:6f3804514415230c92f3cda61e2836de07a8dff38c58d463b08a3855dcdbcd6b",
    ),
    (
        "docker/schema2:latest",
        "sha256:ac2397f1a86e04b207aceb25b4236bca91f9a8ce6d175bd024035787308edf77",
    ),
    (
        "docker/list:latest",
        "sha256:76105b6f0df25b5d4516937897625f62882984bb4b91a7953db92ef3d67302cb",
    ),
    (
        "docker/schema1:latest",
        "sha256:c4cbde1c8d7446b7ad988a381d4eb5bfef33f75700973660ebc28d87875fe6b5",
    ),
    (
        "private/app:1.0",
        "sha256:9b6a4c3939db815de8c968e56339a22085025ce65dd846d2b85cfb2bd0bd0f10",
    ),
    (
        "many/tags:latest",
        "sha256:a903347b0f89006408c5f4261529f419abefc2c5d4ec937a14e13559d0355b27",
    ),
    (
        "files/many:latest",
        "sha256:44cf176005e5f82997ee2d64daef55457c8d20235586a4769a1554d1a5890606",
    ),
    (
        "files/zstd:latest",
        "sha256:0a5781fca1d32b2f123bf2fcbff3ed9e16377052b5f5f4ae4c7bff76c9c47750",
    ),
    (
        "files/uncompressed:latest",
        "sha256:d764220e5b195a1f1dc949a3a2f66bcfe4c686174a02f47c2aa6fff6efb53c6b",
    ),
    (
        "files/docker:latest",
        "sha256:28aeb3688b6075bc49fe202d251ac2d41d2cd2195ac9badd6b3e323620c87588",
    ),
    (
        "files/estargz:latest",
        "sha256:cbc3483f0739e70ead22f5358f21eb7e3e8351718e24d7decad64269c0353cdf",
    ),
    (
        "files/zstd-chunked:latest",
        "sha256:f408db948a93ae2f51e1c14ff3d266f501cfcb3e84b260250ac17d250bf123a2",
    ),
    (
        "files/layered:latest",
        "sha256:be7479de4116769c26d4102d29f852996c3131f5e21641e8585678b1abc8459e",
    ),
    (
        "compare/rebuild:v1",
        "sha256:c787ca14e030978bacfec4ece3aa875bdd70b89848011459f4d5fcbb20ae15a4",
    ),
    (
        "compare/rebuild:v2",
        "sha256:391ff211e8467c00fc98e564e3329b5b6d068350b08716b8c06489a01ccffd43",
    ),
    (
        "compare/package:v1",
        "sha256:fc76223c01bc709884384adc9543b74e6f67a66a25a29cd56855135d563eadd9",
    ),
    (
        "compare/package:v2",
        "sha256:78476eee0f8945e2818c9e843fedb501feddd631755175086512815312f88c56",
    ),
    (
        "compare/layers:v1",
        "sha256:5ff66197feba295fb7eb101d414edbca10a7e71398f17626e70e5d96b1a4d849",
    ),
    (
        "compare/layers:v2",
        "sha256:c6810a9c58ff4589fd28b0867d843dcc8509c514ce9c16d1409e55c72466adf3",
    ),
    (
        "compare/platforms:latest",
        "sha256:15e423f4d086a4d429fcd1d1086f6295a571becd4f08c70409c30fa9df994e9f",
    ),
    (
        "hostile/traversal:latest",
        "sha256:24cdf94425d741117314f46b88bb347859b62d712d55e12f70f3f3091c236bd0",
    ),
    (
        "hostile/pax-huge-record:latest",
        "sha256:388d5782a4c42de5841faff7230a490b19ab9a817f5e7a7da9f92e9baf1e2ff2",
    ),
    (
        "hostile/pax-huge-header:latest",
        "sha256:22ea661126b11481fa687a1a910cb1dfe9ac70dc6f2b987fcb1a824f0e9c9201",
    ),
    (
        "hostile/gnu-huge-name:latest",
        "sha256:5572a7f2960a8a7a81ca511aac3abff2ed0f2d42802a2e5fd68591fa662141f2",
    ),
    (
        "hostile/bomb:latest",
        "sha256:b90751bf3d5c0be75ed11a5641d6f9b738b410a3ee3fe2ca1e80320345b29ae6",
    ),
    (
        "hostile/zstd-bomb:latest",
        "sha256:de12d093694fb66f734017592b11064a8c6f6dc8896ae417fb1bb22d4e15a115",
    ),
    (
        "hostile/truncated-gzip:latest",
        "sha256:8c5f36009e9c02770ea0f0a089c875229933e6842f4def42d440f62959e9f31e",
    ),
    (
        "hostile/bad-checksum:latest",
        "sha256:48e2da083310b1053d295d6699f6e5d61ffe8102d45541883d12b4bb329080e3",
    ),
    (
        "hostile/diff-id-mismatch:latest",
        "sha256:b2bd87f5a440bc27fd85641d258c56dbcb353bcaadfdae42cc8af2e60bb774fa",
    ),
    (
        "hostile/digest-mismatch:latest",
        "sha256:8d10cb57cba04cb3529684acfc44171346fed0b7e6078889ee0b484a4e991d06",
    ),
    (
        "hostile/link-loops:latest",
        "sha256:324dbcb48f0fc7ba4120cdee0ede494ade314ac7ea95dc992c7c73ce3c9f159b",
    ),
    (
        "supply/signed:latest",
        "sha256:d80fa4e40c3af24c76e01f554589930e6050acfeadd3b800bb6efcf5957f839d",
    ),
    (
        "supply/signed:sha256-d80fa4e40c3af24c76e01f554589930e6050acfeadd3b800bb6efcf5957f839d.sig",
        "sha256:32938854f53061536d6079a12cfdd5fd56c1c80dc661ed746bb77bf3f4c9a9ed",
    ),
    (
        "supply/tampered:latest",
        "sha256:4da1c3e397b30f2ebe19ef16d13dd72718f296023d1818c0c3f2ff722ee71b35",
    ),
    (
        "supply/tampered:sha256-4da1c3e397b30f2ebe19ef16d13dd72718f296023d1818c0c3f2ff722ee71b35.sig",
        "sha256:e1bcd47572a18c04149aad7a3f5200c1b60cc9f213dfad1376847693aef379c0",
    ),
    (
        "supply/sbom:latest",
        "sha256:bac1de48672f7939fd611c1afbb1d6523a4a7eda66ef98f2d4e9730d0d638b1e",
    ),
    (
        "supply/sbom:sha256-bac1de48672f7939fd611c1afbb1d6523a4a7eda66ef98f2d4e9730d0d638b1e",
        "sha256:be2b927a744ed29337673881623ee65e01edb6022b89f75b48a41ce8de93316b",
    ),
    (
        "supply/provenance:latest",
        "sha256:d00c7defbbaf685c15cf851803d2b2b74d7a18afbc97cf35b558e4541f5d1ac3",
    ),
    (
        "supply/provenance:sha256-d00c7defbbaf685c15cf851803d2b2b74d7a18afbc97cf35b558e4541f5d1ac3.att",
        "sha256:aca834a3d239c28ee90416853dba8711599cd506dbe87a4ebc3d1df8616877b9",
    ),
    (
        "supply/mismatch:latest",
        "sha256:17426ee2d9e28601a14a9d9433e40f6e563d83bbc69bb116e2cf7623bb938b08",
    ),
    (
        "supply/mismatch:sha256-17426ee2d9e28601a14a9d9433e40f6e563d83bbc69bb116e2cf7623bb938b08.att",
        "sha256:9f17225b41bf4b3b3c7f4280cf264f10993bb260cd296a34eae23b2760a0f297",
    ),
    (
        "supply/index:latest",
        "sha256:1eaf2e78d0647995c0294a17c9752765290fada3abdefc17051d8db35e4c8f11",
    ),
    (
        "supply/hostile:latest",
        "sha256:d37c15ffe3612989932a5d3b3e98fd930129a6966bdc3a4215751c250d750491",
    ),
    (
        "supply/hostile:sha256-d37c15ffe3612989932a5d3b3e98fd930129a6966bdc3a4215751c250d750491.att",
        "sha256:4e54fc58f462b173320976cfbb299b8627eada6a352b455b767cb5746ab4ef3d",
    ),
];

#[test]
fn seeded_digests_are_pinned() {
    let host = regscope_stack::facts::REGISTRY;
    let plans = catalog::build(host).expect("catalog");
    let entries = report::entries(host, &plans);
    for (reference, digest) in PINNED {
        let full = format!("{host}/{reference}");
        let entry = entries
            .iter()
            .find(|e| e.reference == full)
            .unwrap_or_else(|| panic!("{full} is not seeded"));
        assert_eq!(entry.digest, *digest, "{full}");
    }
    let many = entries
        .iter()
        .filter(|e| e.repository == "many/tags")
        .count();
    assert_eq!(many, catalog::MANY_TAGS + 1);
}
