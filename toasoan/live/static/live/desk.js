// The live desk: the chosen photo's name beside the Vietnamese "Chụp hoặc chọn ảnh"
// button (the native file input, which speaks the browser's language, is hidden).
document.querySelectorAll("input[type=file]").forEach((input) => {
  const name = input.parentElement.querySelector("[data-photo-name]");
  if (!name) return;
  input.addEventListener("change", () => {
    name.textContent = input.files.length ? input.files[0].name : "Chưa chọn ảnh";
  });
});
