'use strict';
// Uploads a picture pasted or inserted in the article body to our own endpoint
// (images_upload_url), sending Django's CSRF token, and shows the server's Vietnamese
// message when the picture is refused. django-tinymce looks this function up by name.
window.portalImageUploadHandler = function (blobInfo, progress) {
  return new Promise(function (resolve, reject) {
    const editor = window.tinymce.activeEditor;
    const url = editor.options.get('images_upload_url');
    const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    if (field) {
      xhr.setRequestHeader('X-CSRFToken', field.value);
    }
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        progress(event.loaded / event.total * 100);
      }
    };
    xhr.onload = function () {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (error) {
        answer = null;
      }
      if (xhr.status === 200 && answer && typeof answer.location === 'string') {
        resolve(answer.location);
        return;
      }
      const message = answer && answer.error && answer.error.message
        ? answer.error.message
        : 'Không tải được ảnh lên (lỗi máy chủ ' + xhr.status + ').';
      reject({message: message, remove: true});
    };
    xhr.onerror = function () {
      reject({message: 'Không kết nối được máy chủ để tải ảnh lên.', remove: true});
    };
    const data = new FormData();
    data.append('file', blobInfo.blob(), blobInfo.filename());
    xhr.send(data);
  });
};

// TinyMCE's image plugin writes "Caption" in English into every new caption, and that
// reached readers. A new caption reads Vietnamese here; untouched, news.text drops it.
const ENGLISH_CAPTION = 'Caption';
const VIETNAMESE_CAPTION = 'Chú thích ảnh';
window.portalEditorSetup = function (editor) {
  const translateCaptions = function () {
    editor.getBody().querySelectorAll('figcaption').forEach(function (caption) {
      if (caption.textContent === ENGLISH_CAPTION) {
        caption.textContent = VIETNAMESE_CAPTION;
      }
    });
  };
  editor.on('init', translateCaptions);
  editor.on('SetContent ExecCommand NodeChange', translateCaptions);
};
