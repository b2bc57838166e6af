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

// The link dialog's browse button: uploads a file (PDF, Word, Excel, ODT, ODS) to the same
// endpoint with kind=file, then fills the link with the stored file's address and name.
window.portalFilePicker = function (callback, value, meta) {
  const editor = window.tinymce.activeEditor;
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.pdf,.doc,.docx,.xls,.xlsx,.odt,.ods';
  input.addEventListener('change', function () {
    const file = input.files && input.files[0];
    if (!file) {
      return;
    }
    const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', editor.options.get('images_upload_url'));
    xhr.withCredentials = true;
    if (field) {
      xhr.setRequestHeader('X-CSRFToken', field.value);
    }
    xhr.onload = function () {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (error) {
        answer = null;
      }
      if (xhr.status === 200 && answer && typeof answer.location === 'string') {
        callback(answer.location, {text: answer.title, title: answer.title});
        return;
      }
      const message = answer && answer.error && answer.error.message
        ? answer.error.message
        : 'Không tải được tệp lên (lỗi máy chủ ' + xhr.status + ').';
      editor.notificationManager.open({text: message, type: 'error'});
    };
    xhr.onerror = function () {
      editor.notificationManager.open({text: 'Không kết nối được máy chủ để tải tệp lên.', type: 'error'});
    };
    const data = new FormData();
    data.append('kind', 'file');
    data.append('file', file, file.name);
    xhr.send(data);
  });
  input.click();
};
