"""The example chat page (Examples/ChatRoom) in headless Chromium, driven as a person would:
open a room whose name needs encoding, post with the form, see the message arrive through the
generated module; post a name the server refuses and see the server's reason on the page; then
restart the server (its hub forgets everything) and see the page say that messages were missed.
Run by scripts/example-smoke.sh with the server's URL, the chat-server binary and the server's pid."""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

url, server_binary, server_pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
options = Options()
options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,520"]:
    options.add_argument(argument)
# Explicit paths: Selenium Manager would try to download a browser and a driver.
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
try:
    driver.get(url + "/?room=" + urllib.parse.quote("café 🎉"))
    wait = WebDriverWait(driver, 15)
    wait.until(lambda d: d.find_element("id", "status").text == "connected")
    driver.find_element("name", "author").send_keys("Ada")
    driver.find_element("name", "text").send_keys("hello from the form")
    driver.find_element("css selector", "button").click()
    wait.until(lambda d: "Ada: hello from the form" in d.find_element("id", "messages").text)

    # The form caps the name at 80 characters; without that cap the server refuses and says why.
    assert driver.find_element("name", "author").get_attribute("maxlength") == "80"
    driver.execute_script("document.querySelector('[name=author]').removeAttribute('maxlength')")
    driver.find_element("name", "author").clear()
    driver.find_element("name", "author").send_keys("x" * 81)
    driver.find_element("name", "text").send_keys("too long")
    driver.find_element("css selector", "button").click()
    wait.until(lambda d: d.find_element("id", "problem").text != "")
    problem = driver.find_element("id", "problem").text
    expected = "not sent: at author.name: 81 characters, more than the maximum 80"
    assert problem == expected, problem
    assert "too long" not in driver.find_element("id", "messages").text
    print("page: message posted and shown; refused name explained")

    # A restart: the page reconnects with its last event ID, which the new server cannot replay from.
    os.kill(server_pid, signal.SIGTERM)
    port = urllib.parse.urlparse(url).port
    for _ in range(100):  # until the old server let the port go
        try:
            urllib.request.urlopen(url + "/", timeout=0.5)
            time.sleep(0.1)
        except OSError:
            break
    restarted = subprocess.Popen([server_binary, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        WebDriverWait(driver, 30).until(
            lambda d: "some messages were missed while disconnected" in d.find_element("id", "messages").text)
        print("page: the loss signal after a server restart is shown")
    finally:
        restarted.kill()
finally:
    driver.quit()
