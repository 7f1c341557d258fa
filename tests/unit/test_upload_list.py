"""Which entry of the list of uploaded files belongs to which file: by its whole name, exactly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from autoreport.errors import SiteUnavailable
from autoreport.sites.elements import PageElements
from autoreport.sites.pages import EvidenceUploader
from autoreport.sites.profile import ALIEXPRESS

# The list as the site shows it while one photo has landed and another, whose name the first one's
# contains, is still on its way.
UPLOADS_UNDER_WAY = """
<ul aria-label="Uploaded evidence">
  <li><figure><img alt="Thumbnail of 01-parcel.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <figcaption>01-parcel.jpg</figcaption></figure><button>Remove</button></li>
  <li><span>parcel.jpg</span><progress max="100" value="40" aria-label="Uploading parcel.jpg"></progress></li>
</ul>
"""


def test_a_file_is_not_confirmed_by_the_thumbnail_of_a_longer_name(page: Page):
    page.set_content(UPLOADS_UNDER_WAY)
    uploader = EvidenceUploader(PageElements(page, ALIEXPRESS.knowledge), timeout_s=5)
    assert uploader.item("parcel.jpg").count() == 1
    assert uploader.landed("parcel.jpg").count() == 0
    assert uploader.landed("01-parcel.jpg").count() == 1
    assert uploader.item("PARCEL.JPG").count() == 0


# The list after an attempt gave up on its first rejected file while the second was still on its
# way: the second lands a moment later. A file chosen in the input lands at once, and is noted in
# window.sent.
AN_UPLOAD_STILL_UNDER_WAY = """
<ul aria-label="Uploaded evidence">
  <li><span>chat-screenshot.png</span><span role="alert">The upload failed. Please try again.</span>
      <button onclick="this.closest('li').remove()">Remove</button></li>
  <li><span>parcel.jpg</span><progress max="100" value="40" aria-label="Uploading parcel.jpg"></progress></li>
</ul>
<label for="evidence">Photo or video evidence</label><input type="file" id="evidence" multiple>
<script>
  const list = document.querySelector("ul");
  const landed = (name) => `<figure><img alt="Thumbnail of ${name}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <figcaption>${name}</figcaption></figure><button>Remove</button>`;
  window.sent = [];
  document.getElementById("evidence").addEventListener("change", (event) => {
    for (const file of event.target.files) {
      window.sent.push(file.name);
      list.insertAdjacentHTML("beforeend", `<li>${landed(file.name)}</li>`);
    }
  });
  setTimeout(() => { list.querySelector("progress").closest("li").innerHTML = landed("parcel.jpg"); }, 1000);
</script>
"""


def test_a_retry_sends_only_the_failed_file_not_one_still_on_its_way(page: Page, tmp_path):
    files = [tmp_path / "chat-screenshot.png", tmp_path / "parcel.jpg"]
    for path in files:
        path.write_bytes(b"evidence")
    page.set_content(AN_UPLOAD_STILL_UNDER_WAY)
    uploader = EvidenceUploader(PageElements(page, ALIEXPRESS.knowledge), timeout_s=5)
    uploader.attach(files, timeout_ms=30_000)
    assert page.evaluate("window.sent") == ["chat-screenshot.png"]
    assert uploader.item("parcel.jpg").count() == 1 and uploader.landed("parcel.jpg").count() == 1
    assert uploader.item("chat-screenshot.png").count() == 1 and uploader.landed("chat-screenshot.png").count() == 1


def test_a_file_that_never_finishes_uploading_is_not_sent_again(page: Page, tmp_path):
    files = [tmp_path / "parcel.jpg"]
    files[0].write_bytes(b"evidence")
    page.set_content(AN_UPLOAD_STILL_UNDER_WAY.replace("setTimeout", "void"))  # parcel.jpg never lands
    # The timeout is what is under test: past it, the attempt fails as the site's, to be tried again.
    with pytest.raises(SiteUnavailable, match="1 file\\(s\\) sent earlier did not finish uploading within 1 s"):
        EvidenceUploader(PageElements(page, ALIEXPRESS.knowledge), timeout_s=5).attach(files, timeout_ms=1_000)
    assert page.evaluate("window.sent") == []
